from avoplan.cli import main

main()
