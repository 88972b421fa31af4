# The Assistants quickstart as resources: an assistant (a math tutor) → a thread → a message → a run of the
# assistant on the thread, which waits until the run completes and holds the assistant's reply → the thread's
# messages (data source). The same flow as examples/assistants-flow (Pulumi).

resource "openai_assistant" "tutor" {
  name         = "Math Tutor"
  model        = var.model
  instructions = "You are a personal math tutor. Write and run code to answer math questions."
  tools        = [{ type = "code_interpreter" }]
}

resource "openai_thread" "thread" {
  metadata = { stack = "assistants-flow-hcl-${terraform.workspace}" }
}

# Its id is "thread_…/msg_…" (the thread's and its own); any change but metadata replaces it.
resource "openai_message" "question" {
  thread_id = openai_thread.thread.id
  role      = "user"
  content   = var.question
}

# Creating the run waits for it to complete (timeout_seconds) and fails with the run's error if it does not; a
# failed run is kept (tainted) and run again by the next apply. It runs again only when its overrides or its
# triggers change. Destroying it only forgets it (the API cannot delete runs; they go with their thread).
resource "openai_run" "answer" {
  thread_id       = openai_thread.thread.id
  assistant_id    = openai_assistant.tutor.id
  instructions    = "Please address the user as Jane Doe. The user has a premium account."
  timeout_seconds = var.run_timeout_seconds
  triggers        = var.run_trigger == null ? null : { round = var.run_trigger }

  # The run takes only the thread's id: it must start after the question is in the thread.
  depends_on = [openai_message.question]
}

# Read once the run is done (its thread_id is known only then on the first apply), oldest first.
data "openai_messages" "thread" {
  thread_id = openai_run.answer.thread_id
}
