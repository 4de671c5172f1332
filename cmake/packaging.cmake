# Debian packages, one set per Debian release (and so per Wireshark
# version):  cmake --build build && cpack --config build/CPackConfig.cmake
#   wireshark-plugin-foxess  the plugin in this Wireshark's global plugin
#                            dir, the FoxESS profile; depends on the exact
#                            libwireshark ABI package (dpkg-shlibdeps)
#   foxcap                   capture tool, man page, systemd unit, config
#   foxess-report            the ticket-report command
# The install rules below are for the packages only (EXCLUDE_FROM_ALL):
# "cmake --install build" keeps installing as before.
include(GNUInstallDirs)

set(deb ${PROJECT_SOURCE_DIR}/packaging/deb)
set(components)

if(TARGET foxess)
	get_directory_property(global_plugin_dir DIRECTORY plugin
		DEFINITION WS_GLOBAL_PLUGIN_DIR)
	get_directory_property(ws_version DIRECTORY plugin
		DEFINITION WS_VERSION)
	# relative to the package prefix /usr where it lies below it
	string(REGEX REPLACE "^/usr/" "" plugin_dir "${global_plugin_dir}")
	install(TARGETS foxess LIBRARY DESTINATION ${plugin_dir}/epan
		COMPONENT plugin EXCLUDE_FROM_ALL)
	install(DIRECTORY ${PROJECT_SOURCE_DIR}/profile/FoxESS
		DESTINATION ${CMAKE_INSTALL_DATADIR}/wireshark/profiles
		COMPONENT plugin EXCLUDE_FROM_ALL)
	list(APPEND components plugin)
endif()

if(TARGET foxcap)
	# the unit of docs/appliance.md, with the packaged binary's path
	file(READ ${PROJECT_SOURCE_DIR}/docs/foxcap.service unit)
	string(REPLACE "/usr/local/bin/foxcap" "/usr/bin/foxcap" unit "${unit}")
	file(WRITE ${PROJECT_BINARY_DIR}/packaging/foxcap.service "${unit}")
	set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
		${PROJECT_SOURCE_DIR}/docs/foxcap.service)
	add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/packaging/foxcap.1.gz
		COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/docs/foxcap.1
			> ${PROJECT_BINARY_DIR}/packaging/foxcap.1.gz
		DEPENDS ${PROJECT_SOURCE_DIR}/docs/foxcap.1)
	add_custom_target(foxcap-manpage ALL
		DEPENDS ${PROJECT_BINARY_DIR}/packaging/foxcap.1.gz)

	install(TARGETS foxcap RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
		COMPONENT foxcap EXCLUDE_FROM_ALL)
	install(FILES ${PROJECT_BINARY_DIR}/packaging/foxcap.1.gz
		DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
		COMPONENT foxcap EXCLUDE_FROM_ALL)
	install(FILES ${PROJECT_BINARY_DIR}/packaging/foxcap.service
		DESTINATION lib/systemd/system
		COMPONENT foxcap EXCLUDE_FROM_ALL)
	install(FILES ${deb}/foxcap/sysusers.conf DESTINATION lib/sysusers.d
		RENAME foxcap.conf COMPONENT foxcap EXCLUDE_FROM_ALL)
	install(FILES ${PROJECT_SOURCE_DIR}/docs/appliance/foxcap.conf
		DESTINATION /etc COMPONENT foxcap EXCLUDE_FROM_ALL)
	list(APPEND components foxcap)
endif()

install(PROGRAMS ${PROJECT_SOURCE_DIR}/tools/report/foxess-report
	DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT report EXCLUDE_FROM_ALL)
list(APPEND components report)

# 1~bookworm, 1~trixie, ...: the release the packages were built on
set(codename "")
if(EXISTS /etc/os-release)
	file(STRINGS /etc/os-release codename REGEX "^VERSION_CODENAME=")
	string(REGEX REPLACE "^VERSION_CODENAME=\"?([^\"]*)\"?$" "\\1"
		codename "${codename}")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME foxess-can)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "foxess-can maintainers <foxess-can@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL ${components})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
if(codename)
	set(CPACK_DEBIAN_PACKAGE_RELEASE "1~${codename}")
endif()
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)

set(CPACK_DEBIAN_PLUGIN_PACKAGE_NAME wireshark-plugin-foxess)
set(CPACK_COMPONENT_PLUGIN_DESCRIPTION
	"FoxESS battery BMS CAN dissector for Wireshark ${ws_version}\nFoxESS frames as named, filterable fields in engineering units, the\nBMS Lost diagnosis as expert infos, and the FoxESS profile.  Built for\nWireshark ${ws_version} only: a plugin is bound to one Wireshark version.")
# Depends: dpkg-shlibdeps adds libwiresharkNN, the package of exactly the
# ABI (and plugin directory) it was built for.

set(CPACK_DEBIAN_FOXCAP_PACKAGE_NAME foxcap)
set(CPACK_COMPONENT_FOXCAP_DESCRIPTION
	"SocketCAN capture tool for FoxESS battery CAN buses\nWrites pcapng Wireshark opens directly, with rotation, and loses no\ndata to signals, full disks or vanished interfaces.  Includes\nfoxcap.service for an unattended logger (not enabled: see\n/etc/foxcap.conf).")
# the unit runs /sbin/ip and /bin/kill
set(CPACK_DEBIAN_FOXCAP_PACKAGE_DEPENDS "iproute2, procps")
set(CPACK_DEBIAN_FOXCAP_PACKAGE_CONTROL_EXTRA
	"${deb}/foxcap/conffiles;${deb}/foxcap/postinst;${deb}/foxcap/prerm;${deb}/foxcap/postrm")
set(CPACK_DEBIAN_FOXCAP_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_REPORT_PACKAGE_NAME foxess-report)
set(CPACK_DEBIAN_REPORT_PACKAGE_ARCHITECTURE all)
set(CPACK_COMPONENT_REPORT_DESCRIPTION
	"Support-ticket report from a FoxESS CAN capture\nAn HTML report with plots, the link summary and the expert infos,\nmade with tshark and the FoxESS plugin.")
set(CPACK_DEBIAN_REPORT_PACKAGE_DEPENDS
	"tshark, gnuplot-nox | gnuplot, wireshark-plugin-foxess")

include(CPack)
