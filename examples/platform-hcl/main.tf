# The platform objects a team keeps as code, on the APIs that outlive the Assistants API: a handbook in a vector
# store (searched once deployed), a code-interpreter container with a data file, an eval with a run over inline
# items, an agent skill uploaded from a folder, and a fine-tuning job trained on a JSONL file. The files are the
# Pulumi twin's (../platform/data, ../platform/skills).

locals {
  data = "${path.module}/../platform/data"
}

# A handbook, searchable in a vector store.
resource "openai_file" "handbook" {
  source  = "${local.data}/handbook.md"
  purpose = "assistants"
}

resource "openai_vector_store" "docs" {
  name     = "support-docs"
  file_ids = [openai_file.handbook.id]
}

# A sandbox for the code interpreter, with a data file in it.
resource "openai_container" "sandbox" {
  name = "analysis"
  expires_after = {
    anchor  = "last_active_at"
    minutes = 60
  }
}

resource "openai_container_file" "sales" {
  container_id = openai_container.sandbox.id
  source       = "${local.data}/sales.csv"
}

# An eval and a run over two inline items; applying the run waits until it is graded.
resource "openai_eval" "sentiment" {
  name = "Sentiment"
  data_source_config = {
    type = "custom"
    item_schema = jsonencode({
      type       = "object"
      properties = { text = { type = "string" }, label = { type = "string" } }
      required   = ["text", "label"]
    })
    include_sample_schema = true
  }
  testing_criteria = [{
    type      = "string_check"
    name      = "Match label"
    input     = "{{sample.output_text}}"
    reference = "{{item.label}}"
    operation = "eq"
  }]
}

resource "openai_eval_run" "baseline" {
  eval_id = openai_eval.sentiment.id
  name    = "baseline"
  data_source = {
    type = "jsonl"
    source = {
      type = "file_content"
      content = [
        { item = jsonencode({ text = "I love it", label = "positive" }), sample = jsonencode({ output_text = "positive" }) },
        { item = jsonencode({ text = "Not for me", label = "negative" }), sample = jsonencode({ output_text = "positive" }) },
      ]
    }
  }
  timeout_seconds = var.eval_timeout_seconds
}

# An agent skill, uploaded from its folder; a changed file uploads a new version.
resource "openai_skill" "csv_insights" {
  source = "${path.module}/../platform/skills/csv-insights"
}

# A fine-tuning job; applying waits for it (progress as it trains).
resource "openai_file" "training" {
  source  = "${local.data}/training.jsonl"
  purpose = "fine-tune"
}

resource "openai_fine_tuning_job" "support_bot" {
  model         = var.base_model
  training_file = openai_file.training.id
  suffix        = "support-bot"
  method = {
    type            = "supervised"
    hyperparameters = { n_epochs = 2 }
  }
  timeout_seconds = var.fine_tuning_timeout_seconds
}

# A query against the deployed store, for a smoke test of what was deployed.
data "openai_vector_store_search" "refunds" {
  vector_store_id = openai_vector_store.docs.id
  query           = "How long do refunds take?"
  max_num_results = 1
}
