import PantauApp
await PantauCommand.main()
