// Symmetry between tasks that run identical programs.
//
// Two scenario tasks with the same ops (kind, offsets, lengths, flags, fault
// points) are interchangeable: the model never looks at a task's index except
// to name an owner (a lock's or folio lock's holder, an ioend's submitter) or
// to pick the data version an op writes (Context::version). Renaming the
// tasks of such a class, and their versions with them, maps every state,
// transition and initial state of the model to one of the model; every
// property reads the state only through such names (flags, blocks, folios,
// any task), so it holds in a state exactly when it holds in the renamed one.
// The search may therefore store one state per orbit (Emerson and Sistla,
// "Symmetry and model checking", 1996): canonical() picks it.
//
// canonical() sorts the tasks of each class by what each sees of the state
// (its own state, what it owns, which blocks hold its versions, which ioends
// it submitted); these views move with the task under a renaming, so the
// sorted state is the same for every state of an orbit, and two tasks with
// equal views are interchangeable (swapping them changes no byte).
#pragma once

#include <vector>

#include "model/context.h"
#include "model/state.h"

namespace wbcheck::model {

class TaskSymmetry {
 public:
  explicit TaskSymmetry(const Context& c);

  // Some class has two tasks or more.
  bool nontrivial() const { return !classes_.empty(); }
  // Classes of two or more scenario tasks with identical programs.
  const std::vector<std::vector<int>>& classes() const { return classes_; }

  // The representative of s's orbit. perm, if given, receives the renaming
  // that took s there: task i of s is task (*perm)[i] of the result.
  State canonical(const State& s, std::vector<int>* perm = nullptr) const;

  // s with task i renamed to perm[i] (a permutation within the classes; the
  // teardown actor and tasks in no class stay).
  State permute(const State& s, const std::vector<int>& perm) const;

 private:
  const Context* c_;
  std::vector<std::vector<int>> classes_;
};

}  // namespace wbcheck::model
