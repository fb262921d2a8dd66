// The symbolic value domain of the step functions: Sym<T> stands for a C
// integer of type T and holds a Z3 bit-vector of T's width; SymBool for a
// condition. Arithmetic follows C exactly -- the usual arithmetic conversions
// pick the result type (decltype of the same operation on plain integers),
// operands are sign- or zero-extended by their own type's signedness, and
// comparisons and division are signed or unsigned as C would do them -- so a
// step computes the same bits on both domains.
//
// Where the step needs a plain value (an `if`, an index, a `switch`, an
// assignment to an `int`), the conversion asks the path explorer
// (model/sym/explorer.h), which forks the path over every value allowed.
// `&&` and `||` are not overloaded: their operands convert one at a time, so
// short-circuiting is the same as on plain integers.
#pragma once

#include <concepts>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <z3++.h>

#include "model/sym/explorer.h"

namespace wbcheck::model::sym {

template <class T>
concept Integer = std::integral<T> && !std::same_as<T, bool>;

template <class T>
inline constexpr unsigned kBits = sizeof(T) * 8;

// C's conversion of a value of type From (held in From's width) to To.
template <class From, class To>
z3::expr convert(const z3::expr& e) {
  if constexpr (kBits<To> > kBits<From>) {
    return std::is_signed_v<From> ? z3::sext(e, kBits<To> - kBits<From>) : z3::zext(e, kBits<To> - kBits<From>);
  } else if constexpr (kBits<To> < kBits<From>) {
    return e.extract(kBits<To> - 1, 0);
  } else {
    return e;
  }
}

class SymBool {
 public:
  explicit SymBool(z3::expr e) : e_(std::move(e)) {}
  const z3::expr& expr() const { return e_; }
  // The condition's value on this path (forks).
  operator bool() const { return current_explorer().decide(e_); }
  friend SymBool operator!(const SymBool& a) { return SymBool(!a.e_); }

 private:
  z3::expr e_;
};

template <class T>
class Sym {
  static_assert(Integer<T>);

 public:
  using value_type = T;

  Sym() : e_(current_explorer().context().bv_val(0, kBits<T>)) {}
  template <Integer U>
  Sym(U v)  // NOLINT: a literal, as in C
      : e_(current_explorer().context().bv_val(
            static_cast<uint64_t>(static_cast<std::make_unsigned_t<T>>(static_cast<T>(v))), kBits<T>)) {}
  Sym(bool v) : Sym(static_cast<T>(v ? 1 : 0)) {}  // NOLINT
  Sym(const SymBool& b)  // NOLINT: C converts a comparison to 0 or 1
      : e_(z3::ite(b.expr(), current_explorer().context().bv_val(1, kBits<T>),
                   current_explorer().context().bv_val(0, kBits<T>))) {}
  template <Integer U>
    requires(!std::same_as<U, T>)
  Sym(const Sym<U>& o) : e_(convert<U, T>(o.expr())) {}  // NOLINT: C's implicit conversion
  explicit Sym(z3::expr e) : e_(std::move(e)) {}

  const z3::expr& expr() const { return e_; }

  // The value on this path (forks over every value the path allows).
  T value() const { return static_cast<T>(current_explorer().concretize(e_)); }
  template <class U>
    requires(Integer<U> || std::is_enum_v<U>)
  operator U() const {  // NOLINT: plain code reads fields into ints and enums
    return static_cast<U>(value());
  }
  operator bool() const { return current_explorer().decide(e_ != 0); }  // NOLINT

  template <class U>
  Sym& operator+=(const U& o) { return *this = Sym(*this + o); }
  template <class U>
  Sym& operator-=(const U& o) { return *this = Sym(*this - o); }
  template <class U>
  Sym& operator|=(const U& o) { return *this = Sym(*this | o); }
  template <class U>
  Sym& operator&=(const U& o) { return *this = Sym(*this & o); }
  template <class U>
  Sym& operator^=(const U& o) { return *this = Sym(*this ^ o); }
  Sym& operator++() { return *this += 1; }
  Sym& operator--() { return *this -= 1; }
  Sym operator++(int) {
    Sym old = *this;
    *this += 1;
    return old;
  }
  Sym operator--(int) {
    Sym old = *this;
    *this -= 1;
    return old;
  }

 private:
  z3::expr e_;
};

template <class T>
struct IsSym : std::false_type {};
template <class T>
struct IsSym<Sym<T>> : std::true_type {};

// Sym<T> for Sym<T>, Sym<U> for a plain integer U.
template <class X>
auto as_sym(const X& x) {
  if constexpr (IsSym<X>::value) return x;
  else return Sym<X>(x);
}
template <class X>
using CType = typename decltype(as_sym(std::declval<X>()))::value_type;

// Either operand symbolic, the other symbolic or a plain integer.
template <class A, class B>
concept SymOperands = (IsSym<A>::value && (IsSym<B>::value || Integer<B>)) || (Integer<A> && IsSym<B>::value);

#define WBCHECK_SYM_ARITH(op, make)                                                  \
  template <class A, class B>                                                        \
    requires SymOperands<A, B>                                                       \
  auto operator op(const A& a, const B& b) {                                         \
    using TA = CType<A>;                                                             \
    using TB = CType<B>;                                                             \
    using R = decltype(std::declval<TA>() op std::declval<TB>());                    \
    const z3::expr x = convert<TA, R>(as_sym(a).expr());                            \
    const z3::expr y = convert<TB, R>(as_sym(b).expr());                            \
    return Sym<R>(make);                                                             \
  }
WBCHECK_SYM_ARITH(+, x + y)
WBCHECK_SYM_ARITH(-, x - y)
WBCHECK_SYM_ARITH(*, x * y)
WBCHECK_SYM_ARITH(/, std::is_signed_v<R> ? x / y : z3::udiv(x, y))
WBCHECK_SYM_ARITH(%, std::is_signed_v<R> ? z3::srem(x, y) : z3::urem(x, y))
WBCHECK_SYM_ARITH(&, x & y)
WBCHECK_SYM_ARITH(|, x | y)
WBCHECK_SYM_ARITH(^, x ^ y)
#undef WBCHECK_SYM_ARITH

// Shifts: the result has the promoted type of the left operand.
template <class A, class B>
  requires SymOperands<A, B>
auto operator<<(const A& a, const B& b) {
  using TA = CType<A>;
  using R = decltype(std::declval<TA>() << 1);
  return Sym<R>(z3::shl(convert<TA, R>(as_sym(a).expr()), convert<CType<B>, R>(as_sym(b).expr())));
}
template <class A, class B>
  requires SymOperands<A, B>
auto operator>>(const A& a, const B& b) {
  using TA = CType<A>;
  using R = decltype(std::declval<TA>() >> 1);
  const z3::expr x = convert<TA, R>(as_sym(a).expr());
  const z3::expr y = convert<CType<B>, R>(as_sym(b).expr());
  return Sym<R>(std::is_signed_v<R> ? z3::ashr(x, y) : z3::lshr(x, y));
}

#define WBCHECK_SYM_COMPARE(op, signed_make, unsigned_make)                          \
  template <class A, class B>                                                        \
    requires SymOperands<A, B>                                                       \
  SymBool operator op(const A& a, const B& b) {                                      \
    using TA = CType<A>;                                                             \
    using TB = CType<B>;                                                             \
    using C = decltype(std::declval<TA>() + std::declval<TB>());                     \
    const z3::expr x = convert<TA, C>(as_sym(a).expr());                            \
    const z3::expr y = convert<TB, C>(as_sym(b).expr());                            \
    return SymBool(std::is_signed_v<C> ? (signed_make) : (unsigned_make));          \
  }
WBCHECK_SYM_COMPARE(==, x == y, x == y)
WBCHECK_SYM_COMPARE(!=, x != y, x != y)
WBCHECK_SYM_COMPARE(<, x < y, z3::ult(x, y))
WBCHECK_SYM_COMPARE(<=, x <= y, z3::ule(x, y))
WBCHECK_SYM_COMPARE(>, x > y, z3::ugt(x, y))
WBCHECK_SYM_COMPARE(>=, x >= y, z3::uge(x, y))
#undef WBCHECK_SYM_COMPARE

template <class T>
auto operator~(const Sym<T>& a) {
  using R = decltype(~std::declval<T>());
  return Sym<R>(~convert<T, R>(a.expr()));
}
template <class T>
auto operator-(const Sym<T>& a) {
  using R = decltype(-std::declval<T>());
  return Sym<R>(-convert<T, R>(a.expr()));
}
template <class T>
SymBool operator!(const Sym<T>& a) {
  return SymBool(a.expr() == 0);
}

// loff_t's view of a u64 (model/expr.h has the plain one).
inline Sym<int64_t> as_signed(const Sym<uint64_t>& x) { return Sym<int64_t>(x); }

}  // namespace wbcheck::model::sym
