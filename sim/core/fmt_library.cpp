// fmt's compiled part, built into augur_core. Debian's libfmt-dev ships fmt's headers and a
// shared library but no static archive; the shared one would pull the shared C++ runtime into the
// augur binary, which links that runtime statically (sim/CMakeLists.txt). format-inl.h holds the
// definitions that are not inline unless FMT_HEADER_ONLY is set; format.h declares the locale
// helpers below as extern templates, so they are instantiated here, once.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {
template auto thousands_sep_impl<char>(locale_ref) -> thousands_sep_result<char>;
template auto thousands_sep_impl<wchar_t>(locale_ref) -> thousands_sep_result<wchar_t>;
template auto decimal_point_impl(locale_ref) -> char;
template auto decimal_point_impl(locale_ref) -> wchar_t;
}  // namespace detail
FMT_END_NAMESPACE
