package loadharness

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Memory is a process's resident memory from /proc/PID/status, in KiB.
type Memory struct {
	RSSKiB  int64 `json:"rssKiB"`  // VmRSS: resident now
	PeakKiB int64 `json:"peakKiB"` // VmHWM: the most it was resident
}

// ReadMemory reads VmRSS and VmHWM of a process.
func ReadMemory(pid int) (Memory, error) {
	if pid <= 0 {
		return Memory{}, fmt.Errorf("no process id")
	}
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Memory{}, err
	}
	defer f.Close()
	return ParseProcStatus(bufio.NewScanner(f))
}

// ParseProcStatus reads VmRSS and VmHWM from the lines of a status file.
func ParseProcStatus(sc *bufio.Scanner) (Memory, error) {
	var m Memory
	found := false
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "VmHWM") {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) == 0 {
			continue
		}
		kib, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return Memory{}, fmt.Errorf("%s: %w", key, err)
		}
		if key == "VmRSS" {
			m.RSSKiB, found = kib, true
		} else {
			m.PeakKiB = kib
		}
	}
	if err := sc.Err(); err != nil {
		return Memory{}, err
	}
	if !found {
		return Memory{}, fmt.Errorf("no VmRSS line")
	}
	return m, nil
}
