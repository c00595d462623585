from moneytrail.cli import main

main()
