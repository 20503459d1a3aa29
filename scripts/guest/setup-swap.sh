#!/bin/sh
# A 256 MiB swap device for the swap-entry cases (MADV_PAGEOUT): a loop
# device on a ramfs file. ramfs pages are never swapped, so swapping never
# writes to memory it would itself have to swap out.
set -eu
mkdir -p /swap
mount -t ramfs ramfs /swap
dd if=/dev/zero of=/swap/file bs=1M count=256 2>/dev/null
losetup /dev/loop0 /swap/file
mkswap /dev/loop0 >/dev/null
swapon /dev/loop0
