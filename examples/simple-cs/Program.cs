// The example stack of examples/simple, in C#: a file, a vector store over it (with expiry and metadata), an
// assistant that uses both (code_interpreter over the file, file_search over the store), and a project (needs the
// admin key). Provider settings come from stack config: openai:baseUrl, and the secrets openai:apiKey /
// openai:adminApiKey.
//
// The SDK's namespace is used through an alias: OpenAIIac.OpenAI.File would otherwise clash with System.IO.File.
// Every type is spelled out (no target-typed `new()`) so tests/repo/csharp-example.test.ts can check each one.
using System.Collections.Generic;
using Pulumi;
using OpenAI = OpenAIIac.OpenAI;

return await Deployment.RunAsync(() =>
{
    var config = new Config();
    var stackTag = $"{Deployment.Instance.ProjectName}-{Deployment.Instance.StackName}";

    // Uploaded from a path relative to this folder (the provider runs in the program's directory); a change of the
    // file's content replaces it (its sha256 is tracked).
    var handbook = new OpenAI.File("handbook", new OpenAI.FileArgs
    {
        Source = "./data/handbook.md",
        Purpose = OpenAI.FilePurpose.Assistants,
    });

    var docs = new OpenAI.VectorStore("docs", new OpenAI.VectorStoreArgs
    {
        Name = config.Get("vectorStoreName") ?? "support-docs",
        FileIds = { handbook.Id },
        ExpiresAfter = new OpenAI.Inputs.VectorStoreExpiresAfterArgs
        {
            Anchor = OpenAI.VectorStoreExpiresAfterAnchor.LastActiveAt,
            Days = 7,
        },
        Metadata =
        {
            { "stack", stackTag },
            { "team", "support" },
        },
    });

    // The Assistants API is deprecated: OpenAI shut it down on api.openai.com on 2026-08-26. It still runs on
    // Assistants-compatible endpoints and on the emulator; `pulumi config set assistant false` leaves it out.
    var withAssistant = config.GetBoolean("assistant") ?? true;
    OpenAI.Assistant? tutor = withAssistant
        ? new OpenAI.Assistant("tutor", new OpenAI.AssistantArgs
        {
            Name = "Math Tutor",
            Model = config.Get("model") ?? "gpt-4o",
            Instructions = "You are a personal math tutor. Write and run code to answer math questions.",
            Tools =
            {
                new OpenAI.Inputs.AssistantToolsArgs { Type = OpenAI.AssistantToolsType.CodeInterpreter },
                new OpenAI.Inputs.AssistantToolsArgs { Type = OpenAI.AssistantToolsType.FileSearch },
            },
            ToolResources = new OpenAI.Inputs.AssistantToolResourcesArgs
            {
                CodeInterpreter = new OpenAI.Inputs.AssistantToolResourcesCodeInterpreterArgs
                {
                    FileIds = { handbook.Id },
                },
                FileSearch = new OpenAI.Inputs.AssistantToolResourcesFileSearchArgs
                {
                    VectorStoreIds = { docs.Id },
                },
            },
            Metadata =
            {
                { "stack", stackTag },
            },
        })
        : null;

    var team = new OpenAI.Project("team", new OpenAI.ProjectArgs
    {
        Name = config.Get("projectName") ?? "openai-iac-demo",
    });

    return new Dictionary<string, object?>
    {
        ["fileId"] = handbook.Id,
        ["vectorStoreId"] = docs.Id,
        ["vectorStoreStatus"] = docs.Status,
        ["assistantId"] = tutor?.Id,
        ["projectId"] = team.Id,
    };
});
