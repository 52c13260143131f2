from gpu_cli.cli import main

main()
