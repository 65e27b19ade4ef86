import sys

from client_reports.cli import main

sys.exit(main())
