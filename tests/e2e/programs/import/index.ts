// Starts with no resources: the import test appends the code `pulumi import --out` generates for an object made
// directly in the emulator, then expects `pulumi preview` to show no changes.
export {};
