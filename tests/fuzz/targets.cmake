# The libFuzzer targets: name, the project sources each one covers, the
# library the plain replay links instead of them, the longest input worth
# trying, and (optionally) a shorter CI run for small parsers.  Included by
# tests/fuzz/CMakeLists.txt, both in a clang build of the project
# (-DFOXESS_FUZZ=ON) and when that file is configured on its own as the
# clang sub-build the test suite makes.
set(FOXESS_ROOT ${CMAKE_CURRENT_LIST_DIR}/../..)

set(FUZZ_TARGETS decode)
set(FUZZ_decode_SOURCES fuzz_decode.c ${FOXESS_ROOT}/lib/protocol.c)
set(FUZZ_decode_LIBRARY foxess_protocol)
set(FUZZ_decode_MAX_LEN 70)

list(APPEND FUZZ_TARGETS link)
set(FUZZ_link_SOURCES fuzz_link.c ${FOXESS_ROOT}/lib/engine.c
	${FOXESS_ROOT}/lib/link-state.c ${FOXESS_ROOT}/lib/value-checks.c
	${FOXESS_ROOT}/lib/event-text.c ${FOXESS_ROOT}/lib/resp-hist.c
	${FOXESS_ROOT}/lib/bus-set.c ${FOXESS_ROOT}/lib/claim.c
	${FOXESS_ROOT}/lib/protocol.c
	${CMAKE_CURRENT_BINARY_DIR}/generated/foxess/field-handles.h)
set(FUZZ_link_LIBRARY foxess_protocol)
set(FUZZ_link_MAX_LEN 12000)

if(EXISTS ${FOXESS_ROOT}/capture/canlog.c)
	list(APPEND FUZZ_TARGETS canlog options)
	set(FUZZ_canlog_SOURCES fuzz_canlog.c ${FOXESS_ROOT}/capture/canlog.c
		${FOXESS_ROOT}/capture/asc.c ${FOXESS_ROOT}/capture/trc.c
		${FOXESS_ROOT}/capture/csvlog.c)
	set(FUZZ_canlog_LIBRARY foxcap_core)
	set(FUZZ_canlog_MAX_LEN 1000)
	set(FUZZ_options_SOURCES fuzz_options.c
		${FOXESS_ROOT}/capture/options.c)
	set(FUZZ_options_LIBRARY foxcap_core)
	set(FUZZ_options_MAX_LEN 300)
	set(FUZZ_options_SECONDS 20)
endif()

# The engine's field handles, generated from the table as in the main
# build (a target there already; here in the clang build of this file).
if(NOT TARGET handles)
	add_executable(handles ${FOXESS_ROOT}/tools/handles/handles.c
		${FOXESS_ROOT}/lib/protocol.c)
	target_include_directories(handles PRIVATE ${FOXESS_ROOT}/include)
	target_link_libraries(handles PRIVATE m)
endif()
add_custom_command(
	OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/generated/foxess/field-handles.h
	COMMAND ${CMAKE_COMMAND} -E make_directory
		${CMAKE_CURRENT_BINARY_DIR}/generated/foxess
	COMMAND handles >
		${CMAKE_CURRENT_BINARY_DIR}/generated/foxess/field-handles.h
	DEPENDS handles)

# Builds fuzz_<name> from FUZZ_<name>_SOURCES with libFuzzer, ASan and
# UBSan (every UBSan report is fatal, so it becomes a saved finding).
function(foxess_fuzz_executable name)
	set(flags -fsanitize=fuzzer,address,undefined
		-fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1)
	add_executable(fuzz_${name} ${FUZZ_${name}_SOURCES})
	target_compile_options(fuzz_${name} PRIVATE ${flags}
		-Wall -Wextra -Werror)
	target_link_options(fuzz_${name} PRIVATE ${flags})
	target_compile_definitions(fuzz_${name} PRIVATE _GNU_SOURCE)
	target_include_directories(fuzz_${name} PRIVATE
		${FOXESS_ROOT}/include ${FOXESS_ROOT}/capture
		${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_BINARY_DIR}/generated)
	target_link_libraries(fuzz_${name} PRIVATE m)
endfunction()
