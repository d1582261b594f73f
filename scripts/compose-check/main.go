// compose-check: loads a compose file the way `docker compose config` does, with the Compose
// Specification's own loader (github.com/compose-spec/compose-go): schema validation,
// interpolation (a `${VAR:?message}` whose variable is unset fails with its message), merge keys
// and extends, references between services, then prints the resolved project as JSON.
// No Docker engine is needed. Built by `npm run setup` into the tool cache; used by
// test/unit/compose-stack.spec.ts.
//
//	compose-check -f docker/compose.yaml [--env-file FILE]... [--profile NAME]...
//
// Variables come from the process environment, then the env files (as compose reads them).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var files, envFiles, profiles list
	flag.Var(&files, "f", "compose file (repeatable)")
	flag.Var(&envFiles, "env-file", "env file (repeatable)")
	flag.Var(&profiles, "profile", "profile to enable (repeatable)")
	flag.Parse()
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "compose-check: -f FILE is required")
		os.Exit(2)
	}
	options, err := cli.NewProjectOptions(files,
		cli.WithOsEnv,
		cli.WithEnvFiles(envFiles...),
		cli.WithDotEnv,
		cli.WithProfiles(profiles),
		cli.WithResolvedPaths(true),
		cli.WithConsistency(true),
	)
	if err != nil {
		fmt.Fprintf(os.Stderr, "compose-check: %v\n", err)
		os.Exit(1)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fmt.Fprintf(os.Stderr, "compose-check: %v\n", err)
		os.Exit(1)
	}
	out, err := json.MarshalIndent(project, "", "  ")
	if err != nil {
		fmt.Fprintf(os.Stderr, "compose-check: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(string(out))
}
