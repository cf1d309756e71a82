from avoplan.start import main

main()
