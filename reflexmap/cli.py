"""The command line: the GUI by default, sub-commands for headless jobs.

Qt is imported only by the commands that draw, so `zones`, `content` and `validate` run on
a machine with no display and start quickly.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from reflexmap import __version__
from reflexmap.core.problems import ContentError

if TYPE_CHECKING:
    from reflexmap.core.atlas import Atlas


def _out() -> TextIO:
    return sys.stdout


_BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def printable(text: str) -> str:
    """Control characters (ESC, newline, DEL, C1) and bidi overrides from ids and file
    names escaped, so that a problem line is one line and cannot drive the terminal."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code < 0xA0 or code in _BIDI:
            out.append(
                {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch)
                or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
            )
        else:
            out.append(ch)
    return "".join(out)


def _load(args: argparse.Namespace) -> Atlas:
    from reflexmap.core.content import load_bundled, load_with_pack

    pack = getattr(args, "content", None)
    return load_with_pack(Path(pack)) if pack else load_bundled()


def cmd_zones(args: argparse.Namespace) -> int:
    atlas = _load(args)
    zones = atlas.zones_of(foot=args.foot, view=args.view)
    rows: list[dict[str, Any]] = [
        {
            "id": z.id,
            "name": z.name,
            "foot": z.foot,
            "view": z.view,
            "number": z.number,
            "body_areas": [atlas.body_areas[c.body_area].name for c in z.claims],
            "techniques": [t.id for t in atlas.techniques_for_zone(z.id)],
        }
        for z in zones
    ]
    out = _out()
    if args.json:
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    width = max((len(r["name"]) for r in rows), default=4)
    out.write(f"{'#':>3}  {'side':5}  {'view':6}  {'zone':{width}}  claimed body areas\n")
    for r in rows:
        areas = ", ".join(dict.fromkeys(r["body_areas"])) or "-"
        out.write(f"{r['number']:>3}  {r['foot']:5}  {r['view']:6}  {r['name']:{width}}  {areas}\n")
    out.write(f"{len(rows)} zones\n")
    return 0


def cmd_content(args: argparse.Namespace) -> int:
    atlas = _load(args)
    data = atlas.to_json()
    if args.json:
        json.dump(data, _out(), indent=1, ensure_ascii=False)
        _out().write("\n")
    else:
        for key, value in data.items():
            _out().write(f"{key:12} {len(value)}\n")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from reflexmap.core.loader import load_content

    path = Path(args.path)
    try:
        atlas = load_content(path)
    except ContentError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{printable(str(problem))}\n")
        sys.stderr.write(f"{len(exc.problems)} problem(s) in {printable(str(path))}\n")
        return 1
    _out().write(
        f"{path}: valid: {len(atlas.views)} views, {len(atlas.zones)} zones, "
        f"{len(atlas.techniques)} techniques, {len(atlas.sequences)} sequences, "
        f"{len(atlas.safety)} safety rules, {len(atlas.sources)} sources\n"
    )
    return 0


def _qt_can_start(*, window: bool) -> bool:
    """Ask the loader for Qt's system libraries before Qt is imported: a missing one is
    named with its package, not met as an ImportError or a Qt abort."""
    from reflexmap import system_libs

    return system_libs.check(window=window)


def cmd_gui(args: argparse.Namespace) -> int:
    if not _qt_can_start(window=True):
        return 1
    from reflexmap.qt.shell.app import run_gui

    return run_gui(args)


def cmd_shot(args: argparse.Namespace) -> int:
    if not _qt_can_start(window=False):
        return 1
    from reflexmap.qt.shell.app import run_shot

    return run_shot(args)


def cmd_chart(args: argparse.Namespace) -> int:
    if not _qt_can_start(window=False):
        return 1
    from reflexmap.qt.printing.export import run_chart

    return run_chart(args)


def cmd_routine(args: argparse.Namespace) -> int:
    """The plan the player plays, the handout prints and the menu counts."""
    from reflexmap.core import practice
    from reflexmap.core.present import routine, safety
    from reflexmap.core.routine_plan import plan_for_answers
    from reflexmap.core.safety_check import build_checklist

    atlas = _load(args)
    if args.minutes is not None and not 1 <= args.minutes <= 180:
        sys.stderr.write("reflexmap routine: --minutes must be between 1 and 180\n")
        return 2
    if args.build:
        if args.sequence:
            sys.stderr.write("reflexmap routine: --build takes no ROUTINE_ID\n")
            return 2
        try:
            if args.minutes is None:
                args.minutes = 10.0
            sequence = practice.build_session(
                atlas, query=args.query or "", zones=args.zone, minutes=args.minutes
            )
        except practice.BuildError as exc:
            sys.stderr.write(f"reflexmap routine: {exc}\n")
            return 2
        args.who = args.who or "self"
    elif not args.sequence:
        sys.stderr.write("reflexmap routine: give a ROUTINE_ID, or --build\n")
        return 2
    else:
        found = atlas.sequences.get(args.sequence)
        if found is None:
            sys.stderr.write(
                f"reflexmap routine: unknown routine {args.sequence!r}; routines: "
                + ", ".join(atlas.sequences)
                + "\n"
            )
            return 2
        sequence = found
    if args.who:
        sequence = practice.for_who(sequence, args.who)
    checklist = build_checklist(atlas, sequence)
    unknown = [a for a in args.answer if not checklist.knows(a)]
    if unknown:
        sys.stderr.write(
            f"reflexmap routine: {unknown[0]!r} is not a question of this "
            "routine; see --questions\n"
        )
        return 2
    out = _out()
    if args.questions:
        rows = [
            {
                "id": r.id,
                "question": safety.question_text(r, sequence),
                "effect": r.effect,
                "follows": r.follows,
                "follow_up": r.follows is not None,
            }
            for r in checklist.questions
        ]
        if args.json:
            json.dump(rows, out, indent=2, ensure_ascii=False)
            out.write("\n")
        else:
            for row in rows:
                if row["follow_up"]:
                    out.write(
                        "  " + safety.follow_up_line(str(row["id"]), str(row["question"])) + "\n"
                    )
                else:
                    out.write(f"{row['id']}: {row['question']}\n")
        return 0
    # a built session is already timed to its minutes (as the player plays it): not again
    minutes = None if args.build else args.minutes
    plan, verdict, _ = plan_for_answers(atlas, sequence, args.answer, minutes=minutes)
    paragraphs = list(safety.verdict_paragraphs(verdict, sequence, atlas))
    if args.json:
        record = routine.plan_record(atlas, plan)
        record["who"] = practice.who_of(sequence)
        record["verdict"] = {
            "can_start": verdict.can_start(),
            "blocked": verdict.blocked,
            "needs_doctor": verdict.needs_acknowledgement,
            "blocking": [r.id for r in verdict.blocking],
            "ask_doctor": [r.id for r in verdict.ask_doctor],
            "lighter": [r.id for r in verdict.lighter],
            "text": paragraphs,
        }
        json.dump(record, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for line in routine.plan_lines(atlas, plan):
            out.write(line + "\n")
        for paragraph in paragraphs:
            out.write(paragraph + "\n")
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    """A zone's card as text, in the order the details panel shows it."""
    from reflexmap.core.present.zone_card import zone_card, zone_card_lines

    atlas = _load(args)
    if args.zone not in atlas.zones:
        sys.stderr.write(f"reflexmap card: unknown zone {args.zone!r}; see `reflexmap zones`\n")
        return 2
    for line in zone_card_lines(zone_card(atlas, args.zone)):
        _out().write(line + "\n")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """The window's search, ranked the same way: kind, id, label and why it matched."""
    from reflexmap.core.present import search as words
    from reflexmap.core.search import index_for
    from reflexmap.core.search.query import MAX_QUERY_CHARS, MAX_QUERY_WORDS, bounded

    atlas = _load(args)
    index = index_for(atlas)
    query, cut = bounded(" ".join(args.query))
    if cut:
        sys.stderr.write(
            f"reflexmap search: the query was cut to its first {MAX_QUERY_WORDS} words "
            f"and {MAX_QUERY_CHARS} characters: {printable(query)}\n"
        )
    results = index.search(query, limit=args.limit or None)
    nearest = [] if results else index.suggest(query)
    out = _out()
    if args.json:
        json.dump(
            {
                "query": query,
                "results": [words.record(atlas, rank, r) for rank, r in enumerate(results, 1)],
                "suggestions": [
                    {"kind": e.kind, "id": e.id, "label": words.entry_label(atlas, e)}
                    for e in nearest
                ],
            },
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
    elif not results:
        out.write(words.no_match(query) + "\n" + words.suggestions_line(atlas, nearest) + "\n")
    else:
        width = max(len(r.id) for r in results)
        for r in results:
            why = words.why(r)
            out.write(
                f"{r.kind:9}  {r.id:{width}}  {words.result_label(atlas, r)}"
                + (f"  [{why}]\n" if why else "\n")
            )
    return 0 if results else 1


def cmd_handout(args: argparse.Namespace) -> int:
    from reflexmap.qt.printing.export import run_handout

    return run_handout(args)


def _page_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="file to write: .pdf (every page), .svg or .png (page 1 as named, "
        "later pages as FILE-2, FILE-3...)",
    )
    p.add_argument(
        "--paper", choices=["a4", "letter", "a3"], default="a4", help="paper (default a4)"
    )
    p.add_argument("--landscape", action="store_true", help="landscape instead of portrait")
    p.add_argument(
        "--grayscale",
        action="store_true",
        help="printer-friendly grayscale (body systems told apart by gray and hatching)",
    )
    p.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")


def cmd_data(args: argparse.Namespace) -> int:
    """export / import / delete / check: the user's own data, from the command line."""
    from reflexmap.core import user_export
    from reflexmap.core.user_store import UserStore

    err = sys.stderr
    store = UserStore()
    for line in store.take_recovered():
        err.write(f"reflexmap: {printable(line)}\n")
    for line in store.take_notices():
        err.write(f"reflexmap: {printable(line)}\n")
    try:
        if args.action == "export":
            out = Path(args.out)
            person = user_export.resolve_person(store, args.person)
            if out.suffix.lower() == ".csv":
                user_export.write_csv(out, store, person)
            elif out.suffix.lower() == ".json":
                user_export.write_json(out, store, person)
            else:
                err.write(f"reflexmap: {printable(str(out))}: name a .json or a .csv file\n")
                return 2
            _out().write(f"wrote {printable(str(out))}\n")
        elif args.action == "sheet":
            out = Path(args.out)
            if out.suffix.lower() not in (".pdf", ".svg", ".png"):
                err.write(f"reflexmap: {printable(str(out))}: name a .pdf, .svg or .png file\n")
                return 2
            person = user_export.resolve_person(store, args.person or "Me")
            assert person is not None
            from reflexmap.qt.printing import export, progress_sheet

            atlas = export._start(args)  # noqa: SLF001 (the chart commands' own start)
            sheet = progress_sheet.ProgressSheet(atlas, store, person)
            for path in progress_sheet.write(out, sheet):
                _out().write(f"wrote {printable(str(path))}\n")
        elif args.action == "import":
            doc = user_export.read_file(Path(args.file))
            people, sessions = user_export.import_doc(store, doc, str(args.file))
            _out().write(f"imported {people} new person(s) and {sessions} new session(s)\n")
        elif args.action == "delete":
            if not args.yes:
                err.write("reflexmap: deleting is for ever: add --yes to confirm\n")
                return 2
            person_id = user_export.resolve_person(store, args.person)
            assert person_id is not None
            store.delete_person(person_id)
            _out().write(f"deleted {printable(args.person)} and all their sessions\n")
        else:
            problems = store.check()
            for problem in problems:
                _out().write(f"{printable(problem)}\n")
            people = len(store.people)
            sessions = store.conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
            marks = store.conn.execute("SELECT count(*) FROM marks").fetchone()[0]
            verdict = f"{len(problems)} problem(s)" if problems else "ok"
            _out().write(
                f"{printable(str(store.db_path))}: {verdict}; "
                f"{people} person(s), {sessions} session(s), {marks} mark(s)\n"
            )
            return 1 if problems else 0
    except user_export.ImportError_ as exc:
        for problem in exc.problems[:50]:
            err.write(f"{printable(problem)}\n")
        err.write("reflexmap: nothing was imported\n")
        return 1
    except (ValueError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        name = getattr(exc, "filename", None)
        where = f"{printable(str(name))}: " if name else ""
        err.write(f"reflexmap: {where}{printable(reason)}\n")
        return 1
    finally:
        store.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reflexmap",
        description="A foot and leg massage map: reflexology zones, techniques and sourced "
        "claims. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"reflexmap {__version__}")
    parser.add_argument(
        "--content",
        metavar="DIR",
        help="open the content pack in DIR instead of the bundled content (same layout as assets/)",
    )
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser(
        "zones",
        help="list the zones of the chart",
        description="List zones with their claimed body areas and techniques.",
    )
    p.add_argument("--foot", choices=["left", "right"])
    p.add_argument("--view", help="view id (sole, top, inner, outer, leg...)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_zones)

    p = sub.add_parser(
        "content",
        help="print the whole validated content",
        description="Print the validated atlas: sources, body areas, zones, "
        "claims, techniques, sequences and safety rules.",
    )
    p.add_argument("--json", action="store_true", help="print JSON (default: counts)")
    p.set_defaults(func=cmd_content)

    p = sub.add_parser(
        "validate",
        help="check a content directory",
        description="Validate a content directory (the layout of assets/). "
        "Exit 0 if valid, 1 with file:location: message lines if not.",
    )
    p.add_argument("path", help="content directory")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "shot",
        help="save a screenshot of the main window (no display needed)",
        description="Render the main window offscreen and save it as PNG.",
    )
    p.add_argument("-o", "--output", required=True, help="PNG file to write")
    p.add_argument("--view", default=None, help="view id")
    p.add_argument("--select", metavar="ZONE_ID", help="zone to select, e.g. left.sole.heart")
    p.add_argument("--lookup", metavar="BODY_AREA", help="light the zones of a body area")
    p.add_argument("--size", default="1400x900", help="window size WxH (default 1400x900)")
    p.add_argument("--dark", action="store_true", help="use the dark palette")
    p.add_argument("--legend", action="store_true", help="show the legend")
    p.add_argument("--names", action="store_true", help="show zone names on the map")
    p.set_defaults(func=cmd_shot)

    p = sub.add_parser(
        "chart",
        help="print a zone chart to PDF, SVG or PNG (no display needed)",
        description="Write a printable zone chart: both feet, every zone named beside them "
        "with a leader line (or numbered, with a legend), a colour key by body system, and "
        "a note on evidence and safety. A poster (A2 or A1) is printed on A4 or Letter "
        "sheets to trim and glue together.",
    )
    _page_options(p)
    p.add_argument(
        "--view",
        default=None,
        help="view id (default: the first view); 'all' for one chart per view",
    )
    p.add_argument(
        "--feet",
        choices=["left", "right", "both"],
        default="both",
        help="which feet to draw (default both)",
    )
    p.add_argument("--no-legend", action="store_true", help="leave out the key or legend")
    p.add_argument(
        "--labels",
        choices=["names", "numbers"],
        default="names",
        help="names beside the feet with leader lines (default), or numbers and a legend",
    )
    p.add_argument(
        "--poster",
        choices=["a2", "a1"],
        default=None,
        help="a poster this size, printed on --tile sheets with overlap and cut marks",
    )
    p.add_argument(
        "--tile",
        choices=["a4", "letter"],
        default="a4",
        help="the paper a poster is printed on (default a4)",
    )
    p.set_defaults(func=cmd_chart)

    p = sub.add_parser(
        "card",
        help="print a zone's card as text",
        description="Print a zone's card as the details panel shows it: how to "
        "work it, what is claimed and by whom, what to mind.",
    )
    p.add_argument(
        "zone",
        metavar="ZONE_ID",
        help="zone id, e.g. left.sole.solar_plexus (see `reflexmap zones --json`)",
    )
    p.set_defaults(func=cmd_card)

    p = sub.add_parser(
        "routine",
        help="print a routine's plan: its steps, sides and times",
        description="Print the plan of a routine: the steps in the order they "
        "are done, each with its side, view, time and where the "
        "time comes from, and the steps the safety answers leave "
        "out. The player, the handout and the menu use this plan.",
    )
    p.add_argument(
        "sequence", metavar="ROUTINE_ID", nargs="?", help="routine id (see `content --json`)"
    )
    p.add_argument(
        "--answer",
        action="append",
        default=[],
        metavar="QUESTION_ID",
        help="a safety question answered yes (repeat for several; see --questions)",
    )
    p.add_argument(
        "--who",
        choices=("self", "partner"),
        help="whose feet: your own (self) or someone else's (partner); the steps, "
        "questions and verdict are worded for them (default: as the routine stands)",
    )
    p.add_argument(
        "--partner",
        action="store_const",
        dest="who",
        const="partner",
        help="the same as --who partner",
    )
    p.add_argument(
        "--minutes",
        type=float,
        metavar="N",
        help="scale the suggested times so the routine lasts N minutes (a built session: 10)",
    )
    p.add_argument(
        "--build",
        action="store_true",
        help="build a short session (the breath hold and relaxation around the zones "
        "asked for, both feet) instead of playing a routine",
    )
    p.add_argument(
        "--for",
        dest="query",
        metavar="QUERY",
        help="with --build: a body area or search words, e.g. headache, sleep, 'lower back'",
    )
    p.add_argument(
        "--zone",
        action="append",
        default=[],
        metavar="ZONE_ID",
        help="with --build: a zone to work (repeat; e.g. left.sole.thyroid)",
    )
    p.add_argument(
        "--questions", action="store_true", help="list the safety questions of this routine instead"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_routine)

    p = sub.add_parser(
        "search",
        help="search zones, body areas, claims, techniques, routines, notes and safety rules",
        description="Print what the window's search finds, best first: kind, "
        "id, label and why it matched. Forgives typos; knows the "
        "search words of content/synonyms.toml; 'left' or 'right' "
        "picks a foot; a prefix such as 'routine:' limits the "
        "kind. Exit 1 when nothing matches (the nearest names "
        "are printed).",
    )
    p.add_argument("query", nargs="+", metavar="QUERY", help="words to look for")
    p.add_argument("--limit", type=int, default=30, help="most results (default 30; 0: all)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "handout",
        help="print a routine's steps with small maps",
        description="Write a handout of a sequence: each step's instruction, "
        "technique, pressure, time and side, with a map of where.",
    )
    p.add_argument("sequence", metavar="SEQUENCE_ID", help="sequence id (see `content --json`)")
    _page_options(p)
    p.set_defaults(func=cmd_handout)

    p = sub.add_parser(
        "data",
        help="export, import, delete or check your own data",
        description="Your sessions, marks, people, notes and favourites: export them (JSON "
        "backup or CSV), import a backup, delete a person completely, or check the database.",
    )
    data = p.add_subparsers(title="actions", metavar="ACTION", dest="action", required=True)
    q = data.add_parser("export", help="write a JSON backup or a CSV of sessions and marks")
    q.add_argument("out", metavar="OUT.json|OUT.csv")
    q.add_argument("--person", metavar="NAME", help="only this person (default: everyone)")
    q = data.add_parser("import", help="add what a JSON backup holds")
    q.add_argument("file", metavar="FILE.json")
    q = data.add_parser("delete", help="delete a person and all their sessions, for ever")
    q.add_argument("--person", metavar="NAME", required=True)
    q.add_argument("--yes", action="store_true", help="confirm")
    data.add_parser("check", help="check the database file (integrity) and count what it holds")
    q = data.add_parser("sheet", help="a person's progress sheet: the heat map, changes, sessions")
    q.add_argument("out", metavar="OUT.pdf|OUT.svg|OUT.png")
    q.add_argument("--person", metavar="NAME", help="whose (default: Me)")
    p.set_defaults(func=cmd_data)

    p = sub.add_parser(
        "listen",
        help="print the voice commands heard in a WAV file",
        description="Feed a WAV file through the voice-control recogniser (the same one "
        "the player uses) and print the commands it heard with their times, to "
        "check a microphone recording or measure recognition. Needs the optional "
        "PocketSphinx (pip install 'reflexmap[listen]').",
    )
    p.add_argument("--wav", required=True, metavar="FILE.wav", help="PCM WAV file to read")
    p.add_argument(
        "--json",
        action="store_true",
        help='print JSON: a list of {"command": ..., "start_s": ...}',
    )
    p.set_defaults(func=cmd_listen)
    return parser


def cmd_listen(args: argparse.Namespace) -> int:
    from reflexmap.core.listen.commands import BY_ID
    from reflexmap.core.listen.dialogue import Dialogue
    from reflexmap.core.listen.microphone import BLOCK_BYTES
    from reflexmap.core.listen.recognizer import BYTES_PER_SECOND, Recognizer, VoiceUnavailable
    from reflexmap.core.listen.wav_input import WavError, read_wav

    try:
        audio = read_wav(Path(args.wav))
    except WavError as error:
        sys.stderr.write(f"reflexmap listen: {printable(str(error))}\n")
        return 1
    # as the player listens: a routine with the journal recording; yes/no after "end
    # routine"; the texture words just after a "tender …" mark
    dialogue = Dialogue(recording=True)
    try:
        recognizer = Recognizer(dialogue.modes)
    except VoiceUnavailable as error:
        sys.stderr.write(f"reflexmap listen: {error}\n")
        return 1
    heard = []
    step = BLOCK_BYTES  # 100 ms, as the microphone delivers it
    for offset in range(0, len(audio) + step, step):
        chunk = audio[offset : offset + step]
        found = recognizer.feed(chunk) if chunk else recognizer.finish()
        for h in found:
            dialogue.expire(h.start_s)
            if dialogue.on_heard(h) is not None:
                heard.append(h)
        dialogue.expire(offset / BYTES_PER_SECOND)
        recognizer.set_modes(dialogue.modes)
    out = _out()
    if args.json:
        out.write(json.dumps([{"command": h.command, "start_s": h.start_s} for h in heard]))
        out.write("\n")
        return 0
    if not heard:
        out.write("no command heard\n")
    for h in heard:
        out.write(f'{h.start_s:8.2f} s  {h.command:16s} "{BY_ID[h.command].phrase}"\n')
    return 0


def _app_only(argv: list[str] | None) -> argparse.Namespace | None:
    """The arguments when they ask for the app alone (no command: the usual start), read
    without building every command's parser, which costs ~10 ms of the start; None when
    there is a command, a help or version request, or anything this cannot read (then
    the full parser reads them, and says what is wrong)."""
    top = argparse.ArgumentParser(prog="reflexmap", add_help=False, exit_on_error=False)
    top.add_argument("--content")
    try:
        args, rest = top.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.func = cmd_gui
    return args


def main(argv: list[str] | None = None) -> int:
    args = _app_only(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ContentError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{printable(str(problem))}\n")
        sys.stderr.write("reflexmap: the content did not load (see the problems above)\n")
        return 1
    except BrokenPipeError:
        return 0
    except ImportError as exc:  # a Qt library the check does not list, still said plainly
        if "shared object" not in str(exc) and "PySide6" not in str(exc):
            raise
        sys.stderr.write(
            f"reflexmap: Qt cannot start: {exc}\n"
            "Install the system library named above (see the README: System packages).\n"
        )
        return 1
