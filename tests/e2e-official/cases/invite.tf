# An invitation to the organization that also adds the person to a project.

resource "openai_project" "onboarding" {
  name = "official-case-invites"
}

resource "openai_invite" "example" {
  email = "new.hire@example.com"
  role  = "reader"
  projects = [
    {
      id   = openai_project.onboarding.id
      role = "member"
    },
  ]
}

data "openai_invite" "example" {
  invite_id = openai_invite.example.invite_id
}

data "openai_invites" "all" {
  depends_on = [openai_invite.example]
}

output "invite_status" {
  value = data.openai_invite.example.status
}

output "invited" {
  value = [for i in data.openai_invites.all.invites : i.email]
}
