package main

import (
	"os/exec"
	"syscall"
)

// setParentDeathSignal makes the kernel kill the real host when langhost dies (the engine SIGKILLs plugins).
func setParentDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
