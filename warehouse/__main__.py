import sys

try:
    from warehouse.cli import main
except KeyboardInterrupt:  # Ctrl-C while importing: nothing started yet
    print("warehouse: interrupted; nothing was changed", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
