#!/bin/sh
# An ext2 filesystem mounted -o dax on /mnt/dax, for the DAX (ZONE_DEVICE,
# devmap) cases: /dev/pmem0 is the memory run-guest.sh's memmap=
# reserves as legacy persistent memory (CONFIG_X86_PMEM_LEGACY).
set -eu
[ -b /dev/pmem0 ] || { echo "setup-dax: no /dev/pmem0 (memmap=...!... on the kernel command line and CONFIG_X86_PMEM_LEGACY)"; exit 1; }
mke2fs -q -b 4096 /dev/pmem0
mkdir -p /mnt/dax
mount -t ext2 -o dax /dev/pmem0 /mnt/dax
