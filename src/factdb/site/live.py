"""Serving the published file while builds replace it: one build per request, switched whole.

`factdb build` never writes into the published file: it renames a complete new one over it.
Datasette 0.65 opens a connection per SQL thread when the thread first needs one and keeps it,
keyed by the database's name, so after a rebuild each thread went on answering from whichever
file it had opened: the old and the new build at random, per thread.

Here the served database is a `LiveDatabase`, a Datasette `Database` whose connections belong to
one *generation*: one build, pinned by a hard link in a directory of this server's own
(`.factdb.db.<host>-<pid>.serve/`; a copy where links are not possible), so that no rename can
change the file under its connections. Every request takes the generation current when it
starts (an ASGI wrapper sets a context variable) and all its queries run on that generation's
connections; at the start of each request a `stat` of the published path tells whether a new
build was renamed into place (another inode), and the request that notices opens the new
generation, which every later request uses. When the last request (and query) of an old
generation ends, its connections are closed and its link removed, freeing the old file.

A build that stops half way never replaces the published file, so the server never sees it.
A file swapped in by other means than a rename (written in place) is not supported, as with
any immutable Datasette database.
"""

from __future__ import annotations

import asyncio
import atexit
import contextvars
import itertools
import os
import shutil
import signal
import sqlite3
import stat
import sys
import tempfile
import threading
from pathlib import Path

from datasette import hookimpl
from datasette.database import Database

from ..db.staging import owner_tag

_REQUEST: contextvars.ContextVar[dict | None] = contextvars.ContextVar("factdb_generation", default=None)
"""LiveDatabase -> the generation the current request runs on."""

_PINS = itertools.count(1)

_SERVED: dict[str, dict] = {}
"""Resolved path of each file `factdb serve` serves -> its options; the startup hook swaps
the database Datasette opened for it for a LiveDatabase."""


class Generation:
    """One build of the published file, pinned, with this generation's connections (one per
    thread) and how many requests and queries still use it."""

    def __init__(self, path: Path, identity: tuple, number: int):
        self.path, self.identity, self.number = path, identity, number
        self.users = 0
        self.retired = False
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.table_counts: dict | None = None
        self.size: int | None = None
        self.hash: str | None = None

    def connection(self, database: "LiveDatabase") -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?immutable=1", uri=True, check_same_thread=False)
            database.ds._prepare_connection(conn, database.name)
            with self._lock:
                self._connections.append(conn)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        try:
            self.path.unlink()
        except OSError:
            pass


class LiveDatabase(Database):
    """The published file, served one build (generation) at a time (see the module)."""

    def __init__(self, ds, published: Path):
        super().__init__(ds, path=str(published), is_mutable=False)
        self.published = Path(published)
        self._lock = threading.Lock()
        self._pins = _pin_directory(self.published)
        self._count = 0
        self._refused: tuple | None = None
        """The identity of a file found at the published path that is not a build."""
        self._current = self._open(_identity(self.published))

    # -- generations ---------------------------------------------------------------------------

    def _open(self, identity: tuple) -> Generation:
        """Pin the build now at the published path as a new generation."""
        self._count += 1
        pin = self._pins / f"{next(_PINS)}.db"  # unique in the process: one server may serve twice
        try:
            os.link(self.published, pin)
            identity = _identity(pin)  # the build linked, even if another was renamed in since
        except OSError:  # no hard links here: a copy pins it as well
            shutil.copyfile(self.published, pin)
        why = _not_a_build(pin)
        if why:
            pin.unlink(missing_ok=True)
            raise NotABuild(why)
        return Generation(pin, identity, self._count)

    def current(self) -> Generation:
        """The generation new requests run on: a new one if another build was renamed into the
        published path since (its inode changed), else the one before."""
        try:
            identity = _identity(self.published)
        except OSError:  # the published file is gone: serve what we have
            return self._current
        with self._lock:
            if identity != self._current.identity and identity != self._refused:
                try:
                    fresh = self._open(identity)
                except (OSError, NotABuild) as exc:
                    self._refused = identity  # said once, not tried again on every request
                    print(f"factdb serve: cannot open the new build ({exc}); still serving the last one",
                          file=sys.stderr)
                    return self._current
                old, self._current = self._current, fresh
                old.retired = True
                self._close_if_unused(old)
            return self._current

    def acquire(self) -> Generation:
        with self._lock:
            generation = self._current
            generation.users += 1
        return generation

    def release(self, generation: Generation) -> None:
        with self._lock:
            generation.users -= 1
            self._close_if_unused(generation)

    def _close_if_unused(self, generation: Generation) -> None:
        if generation.retired and generation.users == 0:
            generation.close()

    def _generation(self) -> Generation:
        held = _REQUEST.get()
        return held.get(self, self._current) if held else self._current

    # -- what Datasette asks of a Database -----------------------------------------------------

    async def execute_fn(self, fn):
        """Run `fn` on this thread's connection to the generation of the current request."""
        generation = self._generation()
        with self._lock:
            generation.users += 1

        def on_generation():
            try:
                return fn(generation.connection(self))
            finally:
                self.release(generation)

        if self.ds.executor is None:
            return on_generation()
        return await asyncio.get_running_loop().run_in_executor(self.ds.executor, on_generation)

    def connect(self, write=False):
        assert not write, "the published file is never written through the server"
        return sqlite3.connect(f"file:{self._generation().path}?immutable=1", uri=True, check_same_thread=False)

    @property
    def _cached_table_counts(self):
        return self._generation().table_counts if hasattr(self, "_current") else None

    @_cached_table_counts.setter
    def _cached_table_counts(self, value):
        if hasattr(self, "_current"):  # Database.__init__ sets None before there is a generation
            self._generation().table_counts = value

    @property
    def cached_size(self):
        return self._generation().size if hasattr(self, "_current") else None

    @cached_size.setter
    def cached_size(self, value):
        if hasattr(self, "_current"):
            self._generation().size = value

    @property
    def cached_hash(self):
        return self._generation().hash if hasattr(self, "_current") else None

    @cached_hash.setter
    def cached_hash(self, value):
        if hasattr(self, "_current"):
            self._generation().hash = value

    @property
    def size(self):
        generation = self._generation()
        if generation.size is None:
            generation.size = generation.path.stat().st_size
        return generation.size

    @property
    def hash(self):
        generation = self._generation()
        if generation.hash is None:
            from datasette.inspect import inspect_hash

            generation.hash = inspect_hash(generation.path)
        return generation.hash

    def close(self):
        with self._lock:
            self._current.retired = True
            self._current.close()
        shutil.rmtree(self._pins, ignore_errors=True)


class NotABuild(Exception):
    """What is at the published path is not a database that can be served."""


def _not_a_build(pin: Path) -> str | None:
    """Why the pinned file cannot be served, if it cannot: a FIFO (SQLite's open would wait on
    it forever, holding a SQL thread), or not a built factdb file (a half-copied or stray file
    put there by hand rather than by `factdb build`, which renames only complete builds)."""
    if not stat.S_ISREG(os.stat(pin).st_mode):
        return "not a regular file"
    try:
        conn = sqlite3.connect(f"{pin.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            conn.execute("SELECT key FROM build_info LIMIT 1").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"not a factdb build: {exc}"
    return None


def _identity(path: Path) -> tuple:
    """Which file is at `path`. The inode alone does not say: a file refused and removed frees
    its inode, which the next build may get (a pinned build keeps its own)."""
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _pin_directory(published: Path) -> Path:
    """This server's directory of pinned builds, beside the published file (so that a hard
    link is possible); removed when the server exits, and by the next build if it was killed
    (`factdb.builds.leftovers`: the name carries the host and pid)."""
    pins = published.parent / f".{published.name}.{owner_tag()}.serve"
    try:
        pins.mkdir(exist_ok=True)
    except OSError:  # a read-only build directory: pin copies in a temporary one
        pins = Path(tempfile.mkdtemp(prefix="factdb-serve-"))
    atexit.register(shutil.rmtree, pins, True)
    return pins


# --- the Datasette hooks (registered by `install`) ------------------------------------------


def serve_live(path: Path) -> None:
    """Have Datasette instances made from now on serve `path` as a LiveDatabase."""
    _SERVED[str(Path(path).resolve())] = {}
    install()
    _exit_cleanly_on_sigterm()


def _exit_cleanly_on_sigterm() -> None:
    """SIGTERM (`kill`, a service manager stopping the server) ends the server as Ctrl-C does,
    removing its pinned builds. uvicorn stops gracefully on SIGTERM and then raises it again
    under the handler it found: the default one ended the process there, before any atexit
    function or `finally` ran, and left the pinned builds behind (an old build's whole size
    once a rebuild had replaced it). Exiting by SystemExit (status 143, as the signal would
    give) runs them."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


LIMITS_PLUGIN = Path(__file__).parent / "plugins" / "factdb_limits.py"


def install() -> None:
    """Register this module's hooks and the limits plugin with Datasette, once. The limits
    plugin is registered under the name Datasette gives it when it loads it from a plugins
    directory (`--plugins-dir`), so it is never loaded twice."""
    from datasette.plugins import pm
    from datasette.utils import module_from_path

    if pm.get_plugin(__name__) is None:
        pm.register(sys.modules[__name__], name=__name__)
    if pm.get_plugin(LIMITS_PLUGIN.name) is None:
        pm.register(module_from_path(str(LIMITS_PLUGIN), name=LIMITS_PLUGIN.name), name=LIMITS_PLUGIN.name)


@hookimpl
def startup(datasette):
    for name, db in list(datasette.databases.items()):
        if isinstance(db, LiveDatabase) or not db.path or db.is_memory or db.is_mutable:
            continue  # factdb serves its file immutable; any other database is left as it is
        if str(Path(db.path).resolve()) in _SERVED:
            route = db.route
            datasette.remove_database(name)
            datasette.add_database(LiveDatabase(datasette, Path(db.path)), name=name, route=route)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def on_generations(scope, receive, send):
            live = [db for db in datasette.databases.values() if isinstance(db, LiveDatabase)]
            if scope.get("type") != "http" or not live:
                return await app(scope, receive, send)
            held = {}
            for db in live:
                db.current()
                held[db] = db.acquire()
            token = _REQUEST.set(held)
            try:
                return await app(scope, receive, send)
            finally:
                _REQUEST.reset(token)
                for db, generation in held.items():
                    db.release(generation)

        return on_generations

    return wrap
