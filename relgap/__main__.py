from relgap.cli import main

main()
