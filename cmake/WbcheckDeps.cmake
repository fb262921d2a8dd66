# Every dependency is a Debian package (scripts/install-deps installs them);
# nothing is downloaded at configure time.
find_package(PkgConfig REQUIRED)
pkg_check_modules(Z3 REQUIRED IMPORTED_TARGET z3)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(absl REQUIRED)
find_package(Threads REQUIRED)
