# berth_add_plugin(<name> SOURCES ... [LIBRARIES ...] [OUTPUT_DIRECTORY dir])
#
# Builds a berth plugin: a shared library named <name>.so (no "lib" prefix), C++20, hidden
# visibility so that only berth_plugin_entry (BERTH_PLUGIN) is exported, and -Wl,--no-undefined
# so that a missing symbol fails the link instead of the host's dlopen. Used in the berth tree
# (sdk/CMakeLists.txt) and installed with the SDK (find_package(berth CONFIG)).
#
# BERTH_PLUGIN_INSTALL_DIR is where berth's own plugins go under its prefix (lib/berth/plugins):
#   install(TARGETS <name> LIBRARY DESTINATION ${BERTH_PLUGIN_INSTALL_DIR})
if(NOT DEFINED BERTH_PLUGIN_INSTALL_DIR)
  set(BERTH_PLUGIN_INSTALL_DIR lib/berth/plugins)
endif()

function(berth_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "berth_add_plugin(${name}): SOURCES is required")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    SUFFIX ".so"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    CXX_EXTENSIONS OFF)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  endif()
  target_compile_features(${name} PRIVATE cxx_std_20)
  target_link_libraries(${name} PRIVATE berth::sdk ${ARG_LIBRARIES})
  target_link_options(${name} PRIVATE -Wl,--no-undefined)
endfunction()
