from locnews.cli import main

main()
