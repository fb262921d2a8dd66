/*
 * family-fsynceio4.pml -- wbcheck's model of examples/family/fsync-writers-eio-4.json
 * (issue 5's symmetric scaling family) under examples/policies/linux-6.3.json (README.md).
 * wbcheck: --scenario examples/family/fsync-writers-eio-4.json --policy examples/policies/linux-6.3.json
 *
 *   spin -a family-fsynceio4.pml && gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c && ./pan -m100000
 *
 * 1 KiB blocks, 4 KiB folios, 16 blocks (4 folios), 64 free blocks,
 * allocations never fail, write bios may fail (-EIO). Tasks A-D run the same
 * program: a buffered write of block 0 (data version t + 1), an fsync, a read
 * of block 0. umount: sync_filesystem, evict, xfs_unmountfs.
 * If examples/family/fsync-writers-eio-4.json changes, these tables must follow.
 */

#define NB          16
#define NF          4
#define BPF         4
#define BLOCK_SHIFT 10
#define FOLIO_SHIFT 12
#define FREE_BLOCKS 64
#define ALLOC_FAULT F_NEVER
#define ALLOC_ERRNO E_EFSCORRUPTED
#define IO_FAULT    F_NONDET
#define NTASKS      4

/* programs: tasks 0-3 = A-D, 4 = the teardown actor (context.cc) */
#define PLEN(t)       3
#define OP_KIND(t, i) ((t) < 4 -> ((i) == 0 -> K_WRITE : ((i) == 1 -> K_FSYNC : K_READ)) : \
                      ((i) == 0 -> K_SYNCFS : ((i) == 1 -> K_EVICT : K_UNMOUNT)))
#define OP_POS(t, i)  0
#define OP_LEN(t, i)  (((t) < 4 && (i) != 1) -> 1024 : 0)
#define OP_SYNC(t, i) 0
#define OP_VER(t, i)  (((t) < 4 && (i) == 0) -> (t) + 1 : 0)
/* the first phase of each actor: KIND_PHASE(OP_KIND(t, 0)), spelt out */
#define INIT_PHASE(t) ((t) < 4 -> P_WRITE_LOCK : P_SYNC_FS)

#include "wbmodel.pmh"

active proctype A()      { end: do TASK_STEPS(0) od }
active proctype B()      { end: do TASK_STEPS(1) od }
active proctype C()      { end: do TASK_STEPS(2) od }
active proctype D()      { end: do TASK_STEPS(3) od }
active proctype umount() { end: do TEARDOWN_STEPS(4) od }
/* xfs_end_ioend of each ioend slot: not a task's step */
active proctype io_end() { end: do IO_STEP(0) IO_STEP(1) IO_STEP(2) IO_STEP(3) od }
