# An alert on the whole organization's monthly spend, and the list data source that reads it back.

resource "openai_organization_spend_alert" "example" {
  threshold_amount                    = 150000
  currency                            = "USD"
  interval                            = "month"
  notification_channel_type           = "email"
  notification_channel_recipients     = ["finance@example.com", "platform@example.com"]
  notification_channel_subject_prefix = "[OpenAI spend]"
}

data "openai_organization_spend_alerts" "all" {
  depends_on = [openai_organization_spend_alert.example]
}

output "organization_spend_alert_id" {
  value = openai_organization_spend_alert.example.alert_id
}

output "organization_spend_alert_thresholds" {
  value = [for a in data.openai_organization_spend_alerts.all.spend_alerts : a.threshold_amount if a.id == openai_organization_spend_alert.example.alert_id]
}
