# Written by dacc build: the provider that actions.tf's resources need.

terraform {
  required_providers {
    genesyscloud = {
      source  = "mypurecloud/genesyscloud"
      version = ">= 1.24.0"
    }
  }
}
