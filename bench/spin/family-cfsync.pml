/*
 * family-cfsync.pml -- wbcheck's model of bench/spin/family-cfsync.json
 * under examples/policies/linux-6.3.json (README.md): the seed plus a task C
 * that rewrites folio 0 with a buffered write and then calls fsync.
 * wbcheck: --scenario bench/spin/family-cfsync.json --policy examples/policies/linux-6.3.json
 *
 *   spin -a family-cfsync.pml && gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c && ./pan -m100000
 *
 *   A: pwrite(0, 5120) with O_SYNC            (data version 1)
 *   B: pwrite(4096, 4096) with O_DIRECT       (data version 2)
 *   C: pwrite(0, 4096), then fsync            (data version 3)
 *   umount: sync_filesystem, evict, xfs_unmountfs once A, B and C are done
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
#define NTASKS      3

/* programs: task 0 = A, 1 = B, 2 = C, 3 = the teardown actor (context.cc) */
#define PLEN(t)       ((t) == 0 -> 1 : ((t) == 1 -> 1 : ((t) == 2 -> 2 : 3)))
#define OP_KIND(t, i) ((t) == 0 -> K_WRITE : ((t) == 1 -> K_DIO : \
                      ((t) == 2 -> ((i) == 0 -> K_WRITE : K_FSYNC) : \
                      ((i) == 0 -> K_SYNCFS : ((i) == 1 -> K_EVICT : K_UNMOUNT)))))
#define OP_POS(t, i)  ((t) == 1 -> 4096 : 0)
#define OP_LEN(t, i)  ((t) == 0 -> 5120 : ((t) == 1 -> 4096 : (((t) == 2 && (i) == 0) -> 4096 : 0)))
#define OP_SYNC(t, i) ((t) == 0)
#define OP_VER(t, i)  ((t) == 0 -> 1 : ((t) == 1 -> 2 : (((t) == 2 && (i) == 0) -> 3 : 0)))

/* the first phase of each actor: KIND_PHASE(OP_KIND(t, 0)), spelt out */
#define INIT_PHASE(t) ((t) == 0 -> P_WRITE_LOCK : ((t) == 1 -> P_DIO_LOCK : ((t) == 2 -> P_WRITE_LOCK : P_SYNC_FS)))

#include "wbmodel.pmh"

active proctype A()      { end: do TASK_STEPS(0) od }
active proctype B()      { end: do TASK_STEPS(1) od }
active proctype C()      { end: do TASK_STEPS(2) od }
active proctype umount() { end: do TEARDOWN_STEPS(3) od }
/* xfs_end_ioend of each ioend slot: not a task's step */
active proctype io_end() { end: do IO_STEP(0) IO_STEP(1) od }
