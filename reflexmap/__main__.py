from reflexmap.cli import main

raise SystemExit(main())
