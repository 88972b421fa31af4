# An alert on one project's monthly spend, read back by id and in the project's list.

resource "openai_project" "watched" {
  name = "spend-alert-example"
}

resource "openai_project_spend_alert" "example" {
  project_id                      = openai_project.watched.id
  threshold_amount                = 25000
  currency                        = "USD"
  interval                        = "month"
  notification_channel_type       = "email"
  notification_channel_recipients = ["team-lead@example.com"]
}

data "openai_project_spend_alert" "example" {
  project_id = openai_project.watched.id
  alert_id   = openai_project_spend_alert.example.alert_id
}

data "openai_project_spend_alerts" "all" {
  project_id = openai_project.watched.id
  depends_on = [openai_project_spend_alert.example]
}

output "project_spend_alert_recipients" {
  value = data.openai_project_spend_alert.example.notification_channel_recipients
}

output "project_spend_alert_count" {
  value = length(data.openai_project_spend_alerts.all.spend_alerts)
}
