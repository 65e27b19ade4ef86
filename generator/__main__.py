from generator.memory import tune_allocators

tune_allocators()

from generator.cli import main  # noqa: E402

raise SystemExit(main())
