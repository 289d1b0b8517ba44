# baomi — the two commands a newcomer needs are `make run` and `make check`.
# Meson + Ninja do the building; this file only strings the steps together.

BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_DRIVERS ?= http policy date audit
DB         ?= baomi-demo.db
MESON_OPTS ?= --buildtype=debugoptimized

.PHONY: all deps build build-san run check testclock clean bench bench-scale fuzz werror compilers install deb

# `make install` (issue 15): a release build of its own (never the test build, whose
# clock follows $BAOMI_NOW), installed under PREFIX into DESTDIR. The config goes to
# /etc/baomi, the systemd units, sysusers and tmpfiles to PREFIX/lib; see README.
PREFIX        ?= /usr/local
DESTDIR       ?=
BUILD_INSTALL ?= build-release

all: build

deps:
	@bash scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTS)

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD_SAN)/build.ninja:
	meson setup $(BUILD_SAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

build-san: $(BUILD_SAN)/build.ninja
	ninja -C $(BUILD_SAN)

# Install what is missing, build, create the demo unit if absent, run the main job.
run: deps build
	@bash scripts/run.sh $(BUILD)/baomi $(DB)

# Install what is missing, build (plain and sanitized), run every suite.
check: deps werror testclock build build-san compilers
	@bash tests/run.sh $(BUILD) $(BUILD_SAN)

# -Werror is not in meson.build's defaults (a user's newer compiler may warn
# where ours do not); make check turns it on for its own builds, and compiles
# the product (`baomi` and the libraries it links; no tests run, nor are the tests,
# benches and fuzz drivers compiled: their time is the suites') with clang (its warnings
# come from its front end, the same at every level) and with gcc at the release level,
# where -O3 finds what -O2 does not.
COMPILE_ONLY = build-clang build-o3
WERROR_ON    = grep -q '"name": "werror", "value": true' $$d/meson-info/intro-buildoptions.json

werror: $(BUILD)/build.ninja $(BUILD_SAN)/build.ninja
	@for d in $(BUILD) $(BUILD_SAN); do $(WERROR_ON) || meson configure $$d -Dwerror=true; done

# Only a test build honours BAOMI_NOW (issue 9); the suites fix "now" with it, so make
# check turns test_clock on for its two builds (a default `meson setup` leaves it off).
TEST_CLOCK_ON = grep -q '"name": "test_clock", "value": true' $$d/meson-info/intro-buildoptions.json

testclock: $(BUILD)/build.ninja $(BUILD_SAN)/build.ninja
	@for d in $(BUILD) $(BUILD_SAN); do $(TEST_CLOCK_ON) || meson configure $$d -Dtest_clock=true; done

build-clang/build.ninja:
	CC=clang meson setup build-clang --buildtype=debugoptimized -Dwerror=true
build-o3/build.ninja:
	CC=gcc meson setup build-o3 --buildtype=release -Dwerror=true

compilers: $(COMPILE_ONLY:=/build.ninja)
	@for d in $(COMPILE_ONLY); do $(WERROR_ON) || meson configure $$d -Dwerror=true; \
		ninja -C $$d baomi || exit 1; done

# Ratios against raw SQLite and the bare HTTP stack (bench/README.md); bench/http.sh
# measures baomi on SQLite and, in the same runs, on a throw-away PostgreSQL cluster with
# one and two servers (skipped, saying why, without PostgreSQL's server programs).
bench: deps build
	$(BUILD)/bench/bench_store 2000
	@bash bench/http.sh $(BUILD) 2000 200

# Ledgers of 10k, 100k and 1M carriers built through the bulk path, measured
# over HTTP as the clerk and as a narrow staff member (bench/README.md).
SCALE_SIZES ?= 10000 100000 1000000
bench-scale: deps build
	@bash bench/scale.sh $(BUILD) $(SCALE_SIZES)

# libFuzzer (clang) over tests/fuzz/corpus/*, FUZZ_SECONDS each; new inputs and
# crashes go to $(BUILD_FUZZ)/fuzz-out/, never into the repository (tests/fuzz/README.md).
$(BUILD_FUZZ)/build.ninja:
	CC=clang meson setup $(BUILD_FUZZ) --buildtype=debugoptimized -Dfuzz=true -Dwerror=false \
		-Db_sanitize=address,undefined -Db_lundef=false

fuzz: deps $(BUILD_FUZZ)/build.ninja
	ninja -C $(BUILD_FUZZ) $(addprefix tests/fuzz/fuzz_,$(FUZZ_DRIVERS))
	@bash tests/fuzz/fuzz.sh $(BUILD_FUZZ) $(FUZZ_SECONDS) $(FUZZ_DRIVERS)

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ) $(COMPILE_ONLY)

$(BUILD_INSTALL)/build.ninja:
	meson setup $(BUILD_INSTALL) --buildtype=release --prefix=$(PREFIX) --sysconfdir=/etc \
		--localstatedir=/var

install: $(BUILD_INSTALL)/build.ninja
	meson configure $(BUILD_INSTALL) --prefix=$(PREFIX)
	ninja -C $(BUILD_INSTALL) baomi dist/baomi.1 dist/zh_CN/baomi.1
	meson install -C $(BUILD_INSTALL) --no-rebuild --destdir "$(DESTDIR)"

# `make deb`: a Debian package (debian/) built by dpkg-buildpackage from a copy of the
# tracked tree in DEB_OUT (dpkg-buildpackage writes its .deb beside the source, and the
# worktree's parent is not ours to write in). The package lands in DEB_OUT (build-deb/).
# tests/package/t_package.sh builds it and checks it.
DEB_OUT ?= build-deb
deb:
	@bash scripts/deb.sh $(DEB_OUT)

