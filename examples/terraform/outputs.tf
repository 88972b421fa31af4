output "file_id" {
  value = openai_file.handbook.id
}

output "vector_store_id" {
  value = openai_vector_store.docs.id
}

output "vector_store_status" {
  value = openai_vector_store.docs.status
}

output "assistant_id" {
  value = openai_assistant.tutor.id
}

output "project_id" {
  value = openai_project.team.id
}
