# newsflow_add_library(<name> SRCS ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
#   Creates target newsflow_<name> with alias newsflow::<name>; include/ is public, src/ private.
function(newsflow_add_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(newsflow_${name} STATIC ${ARG_SRCS})
  add_library(newsflow::${name} ALIAS newsflow_${name})
  target_include_directories(newsflow_${name}
    PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(newsflow_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  target_compile_options(newsflow_${name} PRIVATE ${NEWSFLOW_WARNINGS})
endfunction()

# newsflow_add_test(<name> SRCS ... DEPS ... [LABELS unit|integration])
function(newsflow_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_compile_options(${name} PRIVATE ${NEWSFLOW_WARNINGS})
  target_compile_definitions(${name} PRIVATE
    NEWSFLOW_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    NEWSFLOW_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  gtest_discover_tests(${name}
    TEST_PREFIX "${name}."
    PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    DISCOVERY_TIMEOUT 60)
endfunction()

# newsflow_add_bench(<name> SRCS ... DEPS ...): a Google Benchmark binary plus a ctest smoke run
# of a few iterations (labelled "bench") so benchmarks keep compiling and running.
function(newsflow_add_bench name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main)
  target_compile_definitions(${name} PRIVATE NEWSFLOW_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME ${name}_smoke COMMAND ${name} --benchmark_min_time=0.01)
  set_tests_properties(${name}_smoke PROPERTIES LABELS "bench" TIMEOUT 300)
endfunction()
