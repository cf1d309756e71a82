from avoplan.cli.start import main

main()
