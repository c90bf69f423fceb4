from locnews.train.command import main

main()
