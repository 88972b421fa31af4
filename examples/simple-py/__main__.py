"""The example stack of examples/simple, in Python: a file, a vector store over it (with expiry and metadata), an
assistant that uses both (code_interpreter over the file, file_search over the store), and a project (needs the
admin key). Provider settings come from stack config: openai:baseUrl, and the secrets openai:apiKey /
openai:adminApiKey."""
import pulumi
import pulumi_openai_iac as openai

config = pulumi.Config()
stack_tag = {"stack": f"{pulumi.get_project()}-{pulumi.get_stack()}"}

# Uploaded from a path relative to this folder (the provider runs in the program's directory); a change of the
# file's content replaces it (its sha256 is tracked).
handbook = openai.File("handbook", source="./data/handbook.md", purpose="assistants")

docs = openai.VectorStore(
    "docs",
    name=config.get("vectorStoreName") or "support-docs",
    file_ids=[handbook.id],
    expires_after=openai.VectorStoreExpiresAfterArgs(anchor="last_active_at", days=7),
    metadata={**stack_tag, "team": "support"},
)

tutor = openai.Assistant(
    "tutor",
    name="Math Tutor",
    model=config.get("model") or "gpt-4o",
    instructions="You are a personal math tutor. Write and run code to answer math questions.",
    tools=[
        openai.AssistantToolsArgs(type="code_interpreter"),
        openai.AssistantToolsArgs(type="file_search"),
    ],
    tool_resources=openai.AssistantToolResourcesArgs(
        code_interpreter=openai.AssistantToolResourcesCodeInterpreterArgs(file_ids=[handbook.id]),
        file_search=openai.AssistantToolResourcesFileSearchArgs(vector_store_ids=[docs.id]),
    ),
    metadata=stack_tag,
)

team = openai.Project("team", name=config.get("projectName") or "openai-iac-demo")

pulumi.export("fileId", handbook.id)
pulumi.export("vectorStoreId", docs.id)
pulumi.export("vectorStoreStatus", docs.status)
pulumi.export("assistantId", tutor.id)
pulumi.export("projectId", team.id)
