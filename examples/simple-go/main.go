// The example stack of examples/simple, in Go: a file, a vector store over it (with expiry and metadata), an
// assistant that uses both (code_interpreter over the file, file_search over the store), and a project (needs the
// admin key). Provider settings come from stack config: openai:baseUrl, and the secrets openai:apiKey /
// openai:adminApiKey.
package main

import (
	"fmt"

	"github.com/openai-iac/openai-iac/sdk/go/openai"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func orDefault(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		stackTag := fmt.Sprintf("%s-%s", ctx.Project(), ctx.Stack())

		// Uploaded from a path relative to this folder (the provider runs in the program's directory); a change of
		// the file's content replaces it (its sha256 is tracked).
		handbook, err := openai.NewFile(ctx, "handbook", &openai.FileArgs{
			Source:  pulumi.String("./data/handbook.md"),
			Purpose: openai.FilePurposeAssistants,
		})
		if err != nil {
			return err
		}

		docs, err := openai.NewVectorStore(ctx, "docs", &openai.VectorStoreArgs{
			Name:         pulumi.String(orDefault(cfg.Get("vectorStoreName"), "support-docs")),
			FileIds:      pulumi.StringArray{handbook.ID()},
			ExpiresAfter: &openai.VectorStoreExpiresAfterArgs{Anchor: openai.VectorStoreExpiresAfterAnchorLastActiveAt, Days: pulumi.Int(7)},
			Metadata:     pulumi.StringMap{"stack": pulumi.String(stackTag), "team": pulumi.String("support")},
		})
		if err != nil {
			return err
		}

		tutor, err := openai.NewAssistant(ctx, "tutor", &openai.AssistantArgs{
			Name:         pulumi.String("Math Tutor"),
			Model:        pulumi.String(orDefault(cfg.Get("model"), "gpt-4o")),
			Instructions: pulumi.String("You are a personal math tutor. Write and run code to answer math questions."),
			Tools: openai.AssistantToolsArray{
				&openai.AssistantToolsArgs{Type: openai.AssistantToolsTypeCodeInterpreter},
				&openai.AssistantToolsArgs{Type: openai.AssistantToolsTypeFileSearch},
			},
			ToolResources: &openai.AssistantToolResourcesArgs{
				CodeInterpreter: &openai.AssistantToolResourcesCodeInterpreterArgs{FileIds: pulumi.StringArray{handbook.ID()}},
				FileSearch:      &openai.AssistantToolResourcesFileSearchArgs{VectorStoreIds: pulumi.StringArray{docs.ID()}},
			},
			Metadata: pulumi.StringMap{"stack": pulumi.String(stackTag)},
		})
		if err != nil {
			return err
		}

		team, err := openai.NewProject(ctx, "team", &openai.ProjectArgs{
			Name: pulumi.String(orDefault(cfg.Get("projectName"), "openai-iac-demo")),
		})
		if err != nil {
			return err
		}

		ctx.Export("fileId", handbook.ID())
		ctx.Export("vectorStoreId", docs.ID())
		ctx.Export("vectorStoreStatus", docs.Status)
		ctx.Export("assistantId", tutor.ID())
		ctx.Export("projectId", team.ID())
		return nil
	})
}
