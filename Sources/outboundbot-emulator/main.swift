// Entry point; the command is in EmulatorCommand.swift.
EmulatorCommand.main()
