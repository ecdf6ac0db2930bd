"""deploy/docker/Dockerfile and deploy/systemd/awsgov-exporter.service, checked offline: the image
is not built here (CI cannot pull base images), so the Dockerfile is linted against the build (the
packages it installs, the paths it copies and runs); the unit goes through `systemd-analyze
verify` and `systemd-analyze security`."""
import os
import re
import shlex
import shutil
import subprocess
import unittest

from support import EXPORTER, SOURCE_DIR, Workdir

DOCKERFILE = os.path.join(SOURCE_DIR, "deploy", "docker", "Dockerfile")
UNIT = os.path.join(SOURCE_DIR, "deploy", "systemd", "awsgov-exporter.service")
# Runtime packages that provide no library the binary links: HTTPS roots for the AWS endpoints.
RUNTIME_NON_LIBRARIES = {"ca-certificates"}


def install_deps_packages():
    with open(os.path.join(SOURCE_DIR, "scripts", "install-deps"), encoding="utf-8") as f:
        text = f.read()
    body = re.search(r"^packages=\((.*?)^\)", text, re.S | re.M).group(1)
    return set(re.sub(r"#.*", "", body).split())


def dockerfile_stages():
    """{stage name: [instructions]} with continuation lines joined and comments dropped."""
    with open(DOCKERFILE, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if not line.lstrip().startswith("#")]
    joined, current = [], ""
    for line in lines:
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        if current.strip():
            joined.append(current.strip())
        current = ""
    stages, name = {}, None
    for instruction in joined:
        m = re.match(r"FROM\s+(\S+)\s+AS\s+(\S+)", instruction, re.I)
        if m:
            name = m.group(2)
            stages[name] = [instruction]
        elif name:
            stages[name].append(instruction)
    return stages


def apt_installed(instructions):
    packages = set()
    for instruction in instructions:
        if not instruction.startswith("RUN"):
            continue
        for command in re.split(r"&&|;", instruction[3:]):
            words = shlex.split(command)
            if "apt-get" in words and "install" in words:
                packages |= {w for w in words[words.index("install") + 1:] if not w.startswith("-")}
    return packages


def needed_library_packages(binary):
    """The Debian packages providing the binary's NEEDED libraries (readelf, ldd, dpkg -S)."""
    needed = re.findall(r"\(NEEDED\).*\[(.+)\]",
                        subprocess.run(["readelf", "-d", binary], check=True, capture_output=True,
                                       text=True).stdout)
    resolved = {}
    for line in subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout.splitlines():
        m = re.match(r"\s*(\S+) => (\S+)", line)
        if m:
            resolved[m.group(1)] = m.group(2)
    packages = set()
    for library in needed:
        packages.add(owning_package(resolved[library]))
    return packages


def owning_package(path):
    """dpkg -S, trying the path as ldd gives it, the file it links to, and both without /usr
    (with merged /usr, dpkg may list a library under /lib only)."""
    real = os.path.realpath(path)
    candidates = [path, real] + [p[len("/usr"):] for p in (path, real) if p.startswith("/usr/")]
    for candidate in candidates:
        run = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if run.returncode == 0:
            return run.stdout.split(":")[0]
    raise AssertionError(f"no Debian package owns {path}")


class DockerfileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stages = dockerfile_stages()

    def test_two_debian_stages_matching_the_build_machines_release(self):
        self.assertEqual(list(self.stages), ["build", "runtime"])
        with open("/etc/os-release", encoding="utf-8") as f:
            codename = re.search(r"^VERSION_CODENAME=(\w+)", f.read(), re.M).group(1)
        self.assertEqual(self.stages["build"][0].split()[1], f"debian:{codename}")
        self.assertEqual(self.stages["runtime"][0].split()[1], f"debian:{codename}-slim")

    def test_build_stage_installs_only_packages_from_install_deps(self):
        build = apt_installed(self.stages["build"])
        self.assertTrue(build)
        self.assertLessEqual(build, install_deps_packages())
        # Every -dev package install-deps has for the exporter itself (not the test tools).
        wanted = {p for p in install_deps_packages() if p.endswith("-dev")} - {
            "libgtest-dev", "libgmock-dev", "libbenchmark-dev", "libclang-rt-14-dev"}
        self.assertLessEqual(wanted, build)

    def test_runtime_stage_installs_exactly_the_binarys_libraries(self):
        runtime = apt_installed(self.stages["runtime"])
        linked = needed_library_packages(EXPORTER)
        # libc6 is in every Debian image (Essential); the others must be listed.
        # The sanitizer runtimes are linked only when the tests build with them (scripts/test).
        self.assertEqual(runtime - RUNTIME_NON_LIBRARIES, linked - {"libc6", "libasan8", "libubsan1"})
        self.assertFalse({p for p in runtime if p.endswith("-dev")})

    def test_copied_binary_is_the_built_target_and_is_the_entrypoint(self):
        build_run = " ".join(i for i in self.stages["build"] if i.startswith("RUN"))
        build_dir = re.search(r"cmake -S \. -B (\S+)", build_run).group(1)
        self.assertIn(f"--target {os.path.basename(EXPORTER)}", build_run)
        copy = [i for i in self.stages["runtime"] if i.startswith("COPY --from=build")]
        self.assertEqual(len(copy), 1)
        *sources, destination = copy[0].split()[2:]
        # The binary and the libssl shim it loads from its own directory (CMake target names).
        self.assertEqual(sorted(os.path.basename(s) for s in sources),
                         sorted([os.path.basename(EXPORTER), "libawsgov_libssl_shim.so"]))
        self.assertTrue(all(os.path.dirname(s) == build_dir for s in sources), sources)
        self.assertTrue(os.path.exists(os.path.join(os.path.dirname(EXPORTER), "libawsgov_libssl_shim.so")))
        entrypoint = [i for i in self.stages["runtime"] if i.startswith("ENTRYPOINT")][0]
        self.assertEqual(entrypoint, f'ENTRYPOINT ["{destination}{os.path.basename(EXPORTER)}"]')

    def test_runs_as_a_numeric_non_root_user(self):
        user = [i for i in self.stages["runtime"] if i.startswith("USER")]
        self.assertEqual(len(user), 1)
        uid = user[0].split()[1].split(":")[0]
        self.assertTrue(uid.isdigit() and int(uid) != 0, user)


class SystemdUnitTest(unittest.TestCase):
    def unit_for(self, work, text):
        """The unit with ExecStart on the built binary (verify checks that it is executable)."""
        path = os.path.join(work, "awsgov-exporter.service")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("/usr/local/bin/awsgov_exporter", EXPORTER))
        return path

    def verify(self, text):
        tool = shutil.which("systemd-analyze")
        self.assertIsNotNone(tool, "systemd-analyze not found: run scripts/install-deps")
        with Workdir() as work:
            run = subprocess.run([tool, "verify", self.unit_for(work, text)], capture_output=True,
                                 text=True, timeout=60)
        return run.returncode, run.stdout + run.stderr

    def setUp(self):
        with open(UNIT, encoding="utf-8") as f:
            self.text = f.read()

    def test_verify_is_clean(self):
        code, out = self.verify(self.text)
        self.assertEqual((code, out), (0, ""))

    def test_verify_catches_a_bad_setting(self):
        code, out = self.verify(self.text.replace("ProtectSystem=strict", "ProtectSystem=bogus"))
        self.assertIn("protect system value", out)

    def test_hardening_settings(self):
        settings = {}
        for line in self.text.splitlines():
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                settings.setdefault(key, value)
        for key, value in {"DynamicUser": "yes", "NoNewPrivileges": "yes", "CapabilityBoundingSet": "",
                           "ProtectSystem": "strict", "StateDirectory": "awsgov-exporter",
                           "ProtectHome": "yes", "PrivateTmp": "yes"}.items():
            self.assertEqual(settings.get(key), value, key)
        self.assertIn("--config.file=/etc/awsgov-exporter/config.yml", settings["ExecStart"])

    def test_security_exposure_is_low(self):
        with Workdir() as work:
            run = subprocess.run(["systemd-analyze", "security", "--offline=true",
                                  self.unit_for(work, self.text)],
                                 capture_output=True, text=True, timeout=60)
        m = re.search(r"Overall exposure level for \S+: ([0-9.]+)", run.stdout + run.stderr)
        self.assertIsNotNone(m, run.stdout + run.stderr)
        self.assertLessEqual(float(m.group(1)), 2.0, run.stdout)


if __name__ == "__main__":
    unittest.main()
