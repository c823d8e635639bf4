# The Debian package: `cmake --build build --target package` makes build/juxta_VERSION_ARCH.deb
# from what `cmake --install` puts under /usr (programs, helpers in libexec/juxta, the guest
# kernel, the desktop entry, icons and metainfo). Helpers are found relative to the programs
# (core/detached.h, guest/locate.h), so the package works whatever prefix the build was made for.
# Library dependencies come from dpkg-shlibdeps; what is run rather than linked is listed here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME juxta)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "virtual machines and containers side by side")
set(CPACK_PACKAGE_CONTACT "Juxta developers <juxta@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libarchive13, libssl3 (libcrypto) and libcurl4: dlopen'ed by an image import, by SHA-256 and by a pull, so
# dpkg-shlibdeps cannot see them; busybox-static: the built-in image; uidmap: rootless containers;
# iproute2: the bridge network; e2fsprogs: mke2fs, which makes an image VM's disks; qt6-qpa-plugins: the
# GUI's platform plugins, loaded at run time.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libarchive13, libssl3, libcurl4, busybox-static, uidmap, iproute2, e2fsprogs, qt6-qpa-plugins")
# Korean text, Qt's own translations, and QEMU (the VM-vs-QEMU comparison and the nested testbed).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qemu-system-x86, runc")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "virtual machines and containers side by side
 Juxta runs virtual machines (its own KVM monitor) and containers (its own namespace runtime)
 on one host, with live resource graphs for each, and runs one workload as a host process, a
 container and a VM to show what each costs: start-up phase by phase, memory, disk, CPU and I/O.
 The desktop application is juxta; juxtactl is its command line.")
include(CPack)
