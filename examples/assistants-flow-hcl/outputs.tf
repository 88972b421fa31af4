output "assistant_id" {
  value = openai_assistant.tutor.id
}

output "thread_id" {
  value = openai_thread.thread.id
}

output "message_id" {
  value = openai_message.question.id
}

output "run_id" {
  value = openai_run.answer.id
}

output "run_status" {
  value = openai_run.answer.status
}

output "reply" {
  description = "The assistant's reply."
  value       = openai_run.answer.reply
}

output "usage" {
  value = openai_run.answer.usage
}

output "messages" {
  description = "The thread's messages, oldest first."
  value       = [for m in data.openai_messages.thread.items : { role = m.role, content = m.content }]
}
