// open(2) of the file again: path_openat -> do_dentry_open (fs/open.c, v6.2-v6.6)
// gives the task a new open file description. do_dentry_open samples the
// mapping's errseq first (f->f_wb_err = filemap_sample_wb_err(mapping), i.e.
// errseq_sample: an error no file has seen yet is not hidden from the new
// file), then calls ->open = xfs_file_open, which fails with -EIO on a
// shut-down filesystem; the new file is then released and the task goes on
// with the one it had. The old description is not closed (nothing in the
// model closes files, so no ->release runs).
//
// Tasks start with one open file each, opened before anything happened
// (f_wb_err 0); this op lets a task check errors on a fresh file, as a
// process does when it opens the file after a failure.
#include "model/domains.h"
#include "model/errseq.h"
#include "model/steps.h"
#include "model/task_flow.h"

namespace wbcheck::model {

void do_dentry_open(auto& s, const Context& c, int task, int) {
  if (s.shutdown) {  // xfs_file_open
    finish_op(s, c, task, Errno::kEIO);
    return;
  }
  s.task[task].f_wb_err = errseq_sample(s.wb_err);
  finish_op(s, c, task, Errno::kOk);
}

#define INSTANTIATE(S) \
  template void do_dentry_open(S&, const Context&, int, int);
WBCHECK_FOR_EACH_STATE(INSTANTIATE)
#undef INSTANTIATE

}  // namespace wbcheck::model
