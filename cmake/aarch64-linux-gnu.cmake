# Cross-compiling foxcap for arm64 (Raspberry-Pi-class CAN loggers) with
# Debian's gcc-aarch64-linux-gnu and multiarch arm64 libraries
# (dpkg --add-architecture arm64; apt-get install libpcap-dev:arm64):
#   cmake -S . -B build-arm64 -DFOXESS_BUILD_PLUGIN=OFF \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# headers and libraries of the target only, programs of the build machine
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
# build-time generators (tools/handles) are arm64 programs too: run them
# under qemu-user (Debian's qemu-user) with the cross libc
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/aarch64-linux-gnu)
