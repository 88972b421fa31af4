output "vector_store_id" {
  value = openai_vector_store.docs.id
}

output "top_hit" {
  value = try(data.openai_vector_store_search.refunds.results[0].filename, null)
}

output "container_file_path" {
  value = openai_container_file.sales.path
}

output "eval_run_status" {
  value = openai_eval_run.baseline.status
}

output "eval_results" {
  value = openai_eval_run.baseline.result_counts
}

output "skill_version" {
  value = openai_skill.csv_insights.latest_version
}

output "fine_tuning_job_id" {
  value = openai_fine_tuning_job.support_bot.id
}

output "fine_tuned_model" {
  value = openai_fine_tuning_job.support_bot.fine_tuned_model
}
