// SPDX-License-Identifier: GPL-2.0
/*
 * check_kvmfr.c: the kvmfr module (ours or Looking Glass's), its devices
 * and sizes, whether the user QEMU runs as may open them (DAC, libvirt's
 * cgroup_device_acl, AppArmor, SELinux), and the domain's
 * memory-backend-file and ivshmem device.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "doctor.h"

#define KVMFR_GETSIZE 0x7544	/* _IO('u', 0x44): the size as return value */

/* Size in bytes of /dev/kvmfrN: our sysfs attribute, else the ioctl. */
static long long kvmfr_size(const struct dr_ctx *c, const char *name)
{
	char p[128], v[32];
	long long n;
	int fd;

	snprintf(p, sizeof(p), "/sys/class/kvmfr/%s/size", name);
	if (!dr_read(c, p, v, sizeof(v)))
		return strtoll(v, NULL, 10);
	snprintf(p, sizeof(p), "/dev/%s", name);
	fd = open(dr_path(c, p), O_RDONLY);
	if (fd < 0)
		return -1;
	n = ioctl(fd, KVMFR_GETSIZE, 0);
	close(fd);
	return n;
}

static int libvirt_present(const struct dr_ctx *c)
{
	return c->dom || dr_exists(c, "/etc/libvirt/qemu.conf");
}

/* The domain's kvmfr backend: -object memory-backend-file,mem-path=/dev/kvmfr*. */
static const char *kvmfr_backend(const struct dr_ctx *c, char *path, size_t len)
{
	const char *o;
	int i;

	for (i = 0; (o = dr_domain_opt(c->dom, "-object", "memory-backend-file", i)); i++)
		if (dr_qemu_opt(o, "mem-path", path, len) &&
		    !strncmp(path, "/dev/kvmfr", 10))
			return o;
	return NULL;
}

static void check_node(struct dr_ctx *c, const char *name)
{
	char node[64], devno[32], p[128];
	long long size = kvmfr_size(c, name);
	struct stat st;
	unsigned int ma = 0, mi = 0;

	snprintf(node, sizeof(node), "/dev/%s", name);
	snprintf(p, sizeof(p), "/sys/class/kvmfr/%s/dev", name);
	if (!dr_read(c, p, devno, sizeof(devno)))
		sscanf(devno, "%u:%u", &ma, &mi);
	if (dr_stat(c, node, &st)) {
		dr_report(c, DR_FAIL, "kvmfr-device", node,
			  "udevadm trigger --subsystem-match=kvmfr (is udev running?)",
			  "%s is missing although the module created %s", node, name);
	} else if (!S_ISCHR(st.st_mode)) {
		dr_report(c, DR_FAIL, "kvmfr-device", node,
			  "stop the VM, rm the file, reload kvmfr, and load kvmfr at boot (/etc/modules-load.d/kvmfr.conf)",
			  "%s is a regular file, not the device: QEMU created it because kvmfr was not loaded when the VM started",
			  node);
	} else if (ma && (major(st.st_rdev) != ma || minor(st.st_rdev) != mi)) {
		dr_report(c, DR_FAIL, "kvmfr-device", node,
			  "rm it and udevadm trigger --subsystem-match=kvmfr",
			  "%s is device %u:%u, but %s is %u:%u (a stale node)", node,
			  major(st.st_rdev), minor(st.st_rdev), name, ma, mi);
	} else if (size <= 0) {
		dr_report(c, DR_WARN, "kvmfr-device", node, NULL,
			  "size unknown (Looking Glass's module has no size in sysfs)");
	} else {
		dr_report(c, DR_OK, "kvmfr-device", node, NULL, "%lld MiB",
			  size >> 20);
	}
}

static void check_perm(struct dr_ctx *c, const char *node)
{
	char why[256], fix[512], where[PATH_MAX] = "rw", *acl, q[80];
	const struct dr_qemu_user *u = &c->qu;

	if (!u->known) {
		dr_report(c, DR_WARN, "kvmfr-perm", node,
			  "set user and group in /etc/libvirt/qemu.conf",
			  "cannot tell which user QEMU runs as (%s%s%s)",
			  u->user[0] ? "user " : "no user found",
			  u->user, u->user[0] ? " not in /etc/passwd" : "");
	} else if (dr_may_access(c, u, node, 1, why, sizeof(why)) == 1) {
		dr_report(c, DR_OK, "kvmfr-perm", node, NULL,
			  "%s (%s, from %s) may open it read-write", u->user,
			  u->group, u->source);
	} else if (dr_may_access(c, u, node, 1, why, sizeof(why)) == 0) {
		snprintf(fix, sizeof(fix),
			 "a udev rule, e.g. /etc/udev/rules.d/99-kvmfr.rules: SUBSYSTEM==\"kvmfr\", GROUP=\"%s\", MODE=\"0660\"; then udevadm trigger --subsystem-match=kvmfr",
			 u->group[0] == '+' ? "kvm" : u->group);
		dr_report(c, DR_FAIL, "kvmfr-perm", node, fix,
			  "%s (from %s) may not open it read-write: %s (QEMU fails with EACCES)",
			  u->user, u->source, why);
	}

	if (!libvirt_present(c))
		return;
	acl = dr_qemu_conf_value(c, "cgroup_device_acl");
	snprintf(q, sizeof(q), "\"%s\"", node);
	if (acl && strstr(acl, q))
		dr_report(c, DR_OK, "kvmfr-cgroup", node, NULL,
			  "in cgroup_device_acl (/etc/libvirt/qemu.conf)");
	else
		dr_report(c, DR_FAIL, "kvmfr-cgroup", node,
			  acl ? "add it to cgroup_device_acl in /etc/libvirt/qemu.conf, then restart libvirtd" :
			  "in /etc/libvirt/qemu.conf: cgroup_device_acl = [ \"/dev/null\", \"/dev/full\", \"/dev/zero\", \"/dev/random\", \"/dev/urandom\", \"/dev/ptmx\", \"/dev/kvm\", \"/dev/userfaultfd\", \"/dev/kvmfr0\" ], then restart libvirtd",
			  "not in libvirt's cgroup_device_acl%s: the device cgroup refuses QEMU (EPERM)",
			  acl ? "" : " (not set: libvirt's default list)");
	free(acl);

	if (!dr_apparmor_active(c))
		dr_report(c, DR_OK, "kvmfr-apparmor", node, NULL,
			  "AppArmor is not active");
	else if (dr_apparmor_allows(c, node, where, sizeof(where)))
		dr_report(c, DR_OK, "kvmfr-apparmor", node, NULL,
			  "AppArmor allows it (%s)", where);
	else
		dr_report(c, DR_FAIL, "kvmfr-apparmor", node,
			  "echo '/dev/kvmfr* rw,' >> /etc/apparmor.d/local/abstractions/libvirt-qemu; systemctl reload apparmor",
			  "AppArmor's libvirt-qemu rules do not allow %s rw (QEMU gets EACCES, the kernel log shows apparmor=\"DENIED\")",
			  node);
}

static void check_selinux(struct dr_ctx *c, const char *node)
{
	char v[16], label[256] = "";
	ssize_t n;

	if (dr_read(c, "/sys/fs/selinux/enforce", v, sizeof(v))) {
		dr_report(c, DR_OK, "kvmfr-selinux", node, NULL, "SELinux is not active");
		return;
	}
	n = lgetxattr(dr_path(c, node), "security.selinux", label, sizeof(label) - 1);
	label[n > 0 ? n : 0] = 0;
	if (strstr(label, ":svirt_image_t:") || strstr(label, ":svirt_tmpfs_t:") ||
	    strstr(label, ":kvmfr_device_t:"))
		dr_report(c, DR_OK, "kvmfr-selinux", node, NULL, "label %s", label);
	else
		dr_report(c, v[0] == '1' ? DR_FAIL : DR_WARN, "kvmfr-selinux", node,
			  "install gpupass's SELinux policy module (it labels /dev/kvmfr* kvmfr_device_t), or: semanage fcontext -a -t svirt_tmpfs_t '/dev/kvmfr[0-9]*' && restorecon -v /dev/kvmfr*",
			  "label '%s' is not one QEMU (svirt_t) may open%s", label[0] ? label : "none",
			  v[0] == '1' ? " (SELinux enforcing)" : " (permissive: only logged)");
}

static void check_backend(struct dr_ctx *c)
{
	char path[256], v[64], id[128], name[64], fix[512];
	unsigned long long want, got;
	const char *o, *dev;
	long long size;

	o = kvmfr_backend(c, path, sizeof(path));
	if (!o) {
		if (c->dom->nshmem)
			dr_report(c, DR_FAIL, "kvmfr-backend", NULL,
				  "replace the <shmem> with the <qemu:commandline> -object/-device pair of docs/laptop-domain.xml",
				  "the domain uses libvirt's <shmem> (a file in /dev/shm), not kvmfr");
		else
			dr_report(c, DR_FAIL, "kvmfr-backend", NULL,
				  "add to <qemu:commandline>: -object memory-backend-file,id=looking-glass,mem-path=/dev/kvmfr0,size=64M,share=on,align=2M (size = the device's)",
				  "no memory-backend-file with mem-path=/dev/kvmfrN in the domain's <qemu:commandline>%s",
				  c->dom->qemu_ns_missing ? " (the qemu: namespace is not declared on <domain>, so libvirt ignores the commandline)" : "");
		return;
	}
	if (!dr_exists(c, path)) {
		dr_report(c, DR_FAIL, "kvmfr-backend", path,
			  "point mem-path at a device kvmfr created (ls /dev/kvmfr*), or give kvmfr one more size: static_size_mb=64,64",
			  "mem-path=%s does not exist: QEMU would create a plain file there and Looking Glass would see nothing",
			  path);
		return;
	}
	dr_report(c, DR_OK, "kvmfr-backend", path, NULL, "memory-backend-file on %s", path);
	snprintf(name, sizeof(name), "%s", path + 5);
	size = kvmfr_size(c, name);
	got = size > 0 ? (unsigned long long)size : 0;
	if (!dr_qemu_opt(o, "size", v, sizeof(v)) || dr_parse_size(v, &want)) {
		dr_report(c, DR_FAIL, "kvmfr-size", path,
			  "size=<the device's size>, e.g. size=64M",
			  "memory-backend-file has no valid size= (\"%s\")", v);
	} else if (!got) {
		dr_report(c, DR_WARN, "kvmfr-size", path,
			  "load kvmfr with a static_size_mb that equals size=",
			  "size=%s; the device size is not known (device missing or Looking Glass's module)", v);
	} else if (got != want) {
		snprintf(fix, sizeof(fix),
			 "size=%lluM in the domain, or options kvmfr static_size_mb=%llu (then reload kvmfr)",
			 got >> 20, want >> 20);
		dr_report(c, DR_FAIL, "kvmfr-size", path, fix,
			  "size=%s but %s is %llu MiB: QEMU stops with \"backing store size 0x%llx does not match 'size' option 0x%llx\"",
			  v, path, got >> 20, got, want);
	} else {
		dr_report(c, DR_OK, "kvmfr-size", path, NULL, "size=%s matches the device", v);
	}

	if (dr_qemu_opt(o, "share", v, sizeof(v)) && dr_bool_on(v))
		dr_report(c, DR_OK, "kvmfr-share", path, NULL, "share=%s", v);
	else
		dr_report(c, DR_FAIL, "kvmfr-share", path, "add share=on to the memory-backend-file",
			  "share=on is missing: the guest writes to a private copy and Looking Glass shows nothing");
	if (dr_qemu_opt(o, "align", v, sizeof(v)) && !dr_parse_size(v, &got) &&
	    got == 2ULL << 20)
		dr_report(c, DR_OK, "kvmfr-align", path, NULL, "align=2M");
	else
		dr_report(c, DR_WARN, "kvmfr-align", path, "add align=2M to the memory-backend-file",
			  "no align=2M: QEMU may map the device with 4 KiB pages");

	id[0] = 0;
	dr_qemu_opt(o, "id", id, sizeof(id));
	for (int i = 0; (dev = dr_domain_opt(c->dom, "-device", "ivshmem-plain", i)); i++)
		if (dr_qemu_opt(dev, "memdev", v, sizeof(v)) && !strcmp(v, id))
			break;
	if (dev) {
		dr_report(c, DR_OK, "ivshmem", path, NULL, "ivshmem-plain with memdev=%s", id);
	} else {
		snprintf(fix, sizeof(fix),
			 "add to <qemu:commandline>: -device ivshmem-plain,id=shmem0,memdev=%s,bus=pcie.0,addr=0x10",
			 id);
		dr_report(c, DR_FAIL, "ivshmem", path, fix,
			  "no -device ivshmem-plain with memdev=%s: the guest has no IVSHMEM device", id);
	}
}

/**
 * dr_check_kvmfr() - report kvmfr-module, kvmfr-device, kvmfr-perm,
 * kvmfr-cgroup, kvmfr-apparmor, kvmfr-selinux and, with a domain,
 * kvmfr-backend, kvmfr-size, kvmfr-share, kvmfr-align and ivshmem
 * @c: the run
 */
void dr_check_kvmfr(struct dr_ctx *c)
{
	char v[64], path[256], node[64];
	struct dirent **list;
	int n, i, used = 0;

	if (c->dom && kvmfr_backend(c, path, sizeof(path)))
		used = 1;
	if (!dr_exists(c, "/sys/module/kvmfr")) {
		dr_report(c, used ? DR_FAIL : DR_WARN, "kvmfr-module", NULL,
			  "modprobe kvmfr static_size_mb=64 (size: kvmfr-size WIDTH HEIGHT); at boot: /etc/modules-load.d/kvmfr.conf and /etc/modprobe.d/kvmfr.conf",
			  "kvmfr is not loaded%s", used ? " (the domain uses it)" :
			  " (Looking Glass needs it)");
		if (c->dom)
			check_backend(c);
		return;
	}
	dr_read(c, "/sys/module/kvmfr/version", v, sizeof(v));
	if (dr_exists(c, "/sys/module/kvmfr/parameters/pci_zone_device"))
		dr_report(c, DR_OK, "kvmfr-module", NULL, NULL, "gpupass kvmfr %s loaded", v);
	else
		dr_report(c, DR_WARN, "kvmfr-module", NULL,
			  "replace it with gpupass's kvmfr (same ABI): remove the looking-glass kvmfr DKMS package, install gpupass",
			  "Looking Glass's own kvmfr %s is loaded (no sizes in sysfs, none of gpupass's fixes)",
			  v[0] ? v : "(unknown version)");

	n = scandir(dr_path(c, "/sys/class/kvmfr"), &list, NULL, alphasort);
	if (n <= 2)
		dr_report(c, DR_FAIL, "kvmfr-device", NULL,
			  "reload it with a size: modprobe -r kvmfr; modprobe kvmfr static_size_mb=64",
			  "kvmfr is loaded without devices (no static_size_mb)");
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.')
			check_node(c, list[i]->d_name);
	}
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] == '.')
			continue;
		snprintf(node, sizeof(node), "/dev/%s", list[i]->d_name);
		/* With a domain, only the node it uses matters. */
		if (!used || !strcmp(node, path)) {
			check_perm(c, node);
			check_selinux(c, node);
		}
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	if (n >= 0)
		free(list);
	if (c->dom)
		check_backend(c);
}
