//go:build !linux

package main

import "os/exec"

// setParentDeathSignal: elsewhere the real host exits on its own once the engine is gone (its health check).
func setParentDeathSignal(*exec.Cmd) {}
