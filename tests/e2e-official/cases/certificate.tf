# A client certificate uploaded for mutual TLS, read back by id, in the organization's list and in a project's.

resource "openai_certificate" "example" {
  name        = "Official case: mTLS client"
  certificate = <<-PEM
    -----BEGIN CERTIFICATE-----
    MIIBmzCCAUGgAwIBAgIUTJ8cjUnobNb3+AFOKM+MEGdAMw4wCgYIKoZIzj0EAwIw
    IzEhMB8GA1UEAwwYb3BlbmFpLWlhYyB0ZXN0IGNsaWVudCBhMB4XDTI2MTIwMTE1
    MDUxNFoXDTM2MTEyODE1MDUxNFowIzEhMB8GA1UEAwwYb3BlbmFpLWlhYyB0ZXN0
    IGNsaWVudCBhMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEbLLzWZmif99V3nOh
    JUgf+zthCPvjW/Di3POy3lqS0ocuPDgeH4obXkahMAO1hjMHFzncUQCTNj7ZurfT
    C4XVuqNTMFEwHQYDVR0OBBYEFO5AfbR1RHWP/D5Sj/PaViH00iI0MB8GA1UdIwQY
    MBaAFO5AfbR1RHWP/D5Sj/PaViH00iI0MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZI
    zj0EAwIDSAAwRQIge6GHYlEbVPG8YSfodlVvBGpDByBuLiomllzqTsCDiSoCIQCl
    9/x8r5pyYL1JkGJ1jfLkwxnvqadJGU6ObI2imuio4g==
    -----END CERTIFICATE-----
  PEM
}

resource "openai_project" "mtls" {
  name = "Official case: certificates"
}

data "openai_certificate" "example" {
  certificate_id = openai_certificate.example.certificate_id
}

data "openai_certificates" "all" {
  depends_on = [openai_certificate.example]
}

data "openai_project_certificates" "mtls" {
  project_id = openai_project.mtls.id
  depends_on = [openai_certificate.example]
}

output "certificate_expires_at" {
  value = data.openai_certificate.example.expires_at
}

output "certificate_names" {
  value = [for c in data.openai_certificates.all.certificates : c.name if c.id == openai_certificate.example.certificate_id]
}

output "project_certificate_active" {
  value = [for c in data.openai_project_certificates.mtls.certificates : c.active if c.id == openai_certificate.example.certificate_id]
}
