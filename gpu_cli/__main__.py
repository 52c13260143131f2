from gpu_cli._entry import main

main()
