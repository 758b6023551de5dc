// The `augur` command line: parses arguments, runs the chosen sub-command, and turns errors into
// exit codes (0 ok, 2 user error, 3 internal error). Results go to stdout, messages to stderr.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>

#include "sim/app/command.h"
#include "sim/core/error.h"
#include "sim/core/helper_program.h"
#include "sim/core/huge_page_heap.h"
#include "sim/core/log.h"
#include "sim/core/version.h"

namespace {

constexpr int kExitUserError = 2;
constexpr int kExitInternalError = 3;

// The first word of the command line that is not a global option (or its value): the
// sub-command it names, if any.
std::string named_subcommand(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--log-level") {
      ++i;
      continue;
    }
    if (word.rfind("-", 0) == 0) continue;
    return word;
  }
  return "";
}

#ifdef AUGUR_FITS_IN_HELPER
// This augur is linked fully statically without NLopt (sim/CMakeLists.txt): the commands that fit
// a runtime run in augur-fit, the same program linked with NLopt, which replaces this process
// before anything is parsed or written (same arguments, streams and exit status). A false
// positive (a file named `calibrate`) costs only the second program's start.
bool runs_in_fit_helper(const std::string& named, int argc, char** argv) {
  if (named == "calibrate") return true;
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--cross-validate" || word.rfind("--cross-validate=", 0) == 0) return true;
  }
  return false;
}

int run_in_fit_helper(char** argv) {
  try {
    const std::string path = augur::find_helper_program("augur-fit", "cannot fit runtimes");
    ::execv(path.c_str(), argv);
    std::cerr << "augur: error: cannot start " << path << ": " << std::strerror(errno) << "\n";
  } catch (const augur::UserError& e) {
    std::cerr << "augur: error: " << e.what() << "\n";
  }
  return kExitUserError;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  // A bare --version answers before CLI11 is built: CLI11 reports a version by throwing, and the
  // first exception of a process makes the unwinder find and read the binary's unwind tables
  // (144 -> 140 page faults here; 160 -> 91 in a fully static link, whose unwinder sorts every
  // FDE on the first throw; docs/speed.md). Same text as CLI11's version flag.
  if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
    if (std::printf("augur %s\n", augur::kVersion) > 0 && std::fflush(stdout) == 0) return 0;
    std::fputs("augur: error: standard output: cannot be written\n", stderr);
    return kExitUserError;
  }
  augur::place_heap_on_huge_pages();
  const std::string named = named_subcommand(argc, argv);
#ifdef AUGUR_FITS_IN_HELPER
  if (runs_in_fit_helper(named, argc, argv)) return run_in_fit_helper(argv);
#endif
  CLI::App app{"Augur: a cycle-approximate performance simulator for CNNs on mobile SoCs",
               "augur"};
  app.set_version_flag("--version", std::string("augur ") + augur::kVersion);
  app.require_subcommand(1);
  // Usage errors read like every other error: one line on stderr.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("augur: error: ") + e.what() + " (see augur --help)\n";
  });
  std::string log_level = "warn";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off (to stderr)")
      ->capture_default_str();
  // Options a sub-command does not know go up to its parent, so global options such as
  // --log-level work after the sub-command too (`augur simulate ... --log-level info`). Set before
  // the sub-commands are added: they inherit it.
  app.fallthrough();

  // Each sub-command builds its options when registered (about 2 M instructions for all ten,
  // a fifth of a bare `augur --version`): register only the one the command line names, all of
  // them when it names none (help, or an error that lists them).
  using Register = void (*)(CLI::App&, augur::app::Action&);
  static constexpr std::pair<const char*, Register> kCommands[] = {
      {"hw", augur::app::register_hw_command},
      {"net", augur::app::register_net_command},
      {"simulate", augur::app::register_simulate_command},
      {"memory", augur::app::register_memory_command},
      {"sweep", augur::app::register_sweep_command},
      {"trace", augur::app::register_trace_command},
      {"validate", augur::app::register_validate_command},
      {"sensitivity", augur::app::register_sensitivity_command},
      {"calibrate", augur::app::register_calibrate_command},
      {"compare", augur::app::register_compare_command},
  };
  augur::app::Action chosen;
  bool registered = false;
  for (const auto& [name, add] : kCommands) {
    if (named == name) {
      add(app, chosen);
      registered = true;
    }
  }
  if (!registered) {
    for (const auto& [name, add] : kCommands) add(app, chosen);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);  // prints help/version to stdout, errors to stderr
    return rc == 0 ? 0 : kExitUserError;
  }

  try {
    augur::log::set_level(log_level);
    if (chosen) chosen();
    // Results on stdout are output too: a full disk or closed pipe is an error, not exit 0.
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout)) {
      std::cerr << "augur: error: standard output: cannot be written\n";
      return kExitUserError;
    }
    return 0;
  } catch (const augur::app::ExitStatus& e) {
    std::cerr << "augur: " << e.what() << "\n";
    return e.status();
  } catch (const augur::UserError& e) {
    std::cerr << "augur: error: " << e.what() << "\n";
    return kExitUserError;
  } catch (const augur::InternalError& e) {
    std::cerr << "augur: internal error (a bug in Augur, please report it): " << e.what() << "\n";
    return kExitInternalError;
  } catch (const std::exception& e) {
    std::cerr << "augur: internal error (a bug in Augur, please report it): " << e.what() << "\n";
    return kExitInternalError;
  }
}
