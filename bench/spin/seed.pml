/*
 * seed.pml -- wbcheck's model of examples/scenarios/bug217030.json under
 * examples/policies/linux-6.3.json, by hand, step for step (README.md).
 * wbcheck: --scenario examples/scenarios/bug217030.json --policy examples/policies/linux-6.3.json
 *
 *   spin -a seed.pml && gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c && ./pan -m100000
 *
 * Scenario: 1 KiB blocks, 4 KiB folios, 8 blocks (2 folios), 64 free blocks,
 * every allocation fails with -EFSCORRUPTED, I/O never fails.
 *   A: pwrite(0, 5120) with O_SYNC            (data version 1)
 *   B: pwrite(4096, 4096) with O_DIRECT       (data version 2)
 *   umount: sync_filesystem, evict, xfs_unmountfs once A and B are done
 */

#define NB          8
#define NF          2
#define BPF         4
#define BLOCK_SHIFT 10
#define FOLIO_SHIFT 12
#define FREE_BLOCKS 64
#define ALLOC_FAULT F_ALWAYS
#define ALLOC_ERRNO E_EFSCORRUPTED
#define IO_FAULT    F_NEVER
#define NTASKS      2

/* programs: task 0 = A, 1 = B, 2 = the teardown actor (context.cc) */
#define PLEN(t)       ((t) == 0 -> 1 : ((t) == 1 -> 1 : 3))
#define OP_KIND(t, i) ((t) == 0 -> K_WRITE : ((t) == 1 -> K_DIO : \
                      ((i) == 0 -> K_SYNCFS : ((i) == 1 -> K_EVICT : K_UNMOUNT))))
#define OP_POS(t, i)  ((t) == 1 -> 4096 : 0)
#define OP_LEN(t, i)  ((t) == 0 -> 5120 : ((t) == 1 -> 4096 : 0))
#define OP_SYNC(t, i) ((t) == 0)
#define OP_VER(t, i)  ((t) == 0 -> 1 : ((t) == 1 -> 2 : 0))

/* the first phase of each actor: KIND_PHASE(OP_KIND(t, 0)), spelt out */
#define INIT_PHASE(t) ((t) == 0 -> P_WRITE_LOCK : ((t) == 1 -> P_DIO_LOCK : P_SYNC_FS))

#include "wbmodel.pmh"

active proctype A()      { end: do TASK_STEPS(0) od }
active proctype B()      { end: do TASK_STEPS(1) od }
active proctype umount() { end: do TEARDOWN_STEPS(2) od }
/* xfs_end_ioend of each ioend slot: not a task's step */
active proctype io_end() { end: do IO_STEP(0) IO_STEP(1) od }
