# Written by dacc build from the data action definitions: change those and build again.

variable "integration_id_purecloud_data_actions" {
  description = "The ID of the purecloud-data-actions integration that the actions belong to"
  type        = string
}

variable "integration_id_aws_lambda_data_actions" {
  description = "The ID of the aws-lambda-data-actions integration that the actions belong to"
  type        = string
}

variable "integration_id" {
  description = "The ID of the integration that the actions naming no integrationType belong to"
  type        = string
}

variable "action_category" {
  description = "The category of actions whose definition names none"
  type        = string
}

resource "genesyscloud_integration_action" "get_queue_depth" {
  name                   = "Get Queue Depth"
  category               = var.action_category
  integration_id         = var.integration_id_purecloud_data_actions
  secure                 = false
  config_timeout_seconds = 2
  contract_input = jsonencode({
    "type"     = "object"
    "required" = ["queueId"]
    "properties" = {
      "queueId" = {
        "type" = "string"
      }
    }
  })
  contract_output = jsonencode({
    "type" = "object"
    "properties" = {
      "seconds" = {
        "type" = "integer"
      }
    }
  })
  config_request {
    request_url_template = "/api/v2/routing/queues/$${input.queueId}/estimatedwaittime"
    request_type         = "GET"
    request_template     = "$${input.rawRequest}"
    headers              = {}
  }
  config_response {
    translation_map = {
      seconds = "$.results[0].estimatedWaitTimeSeconds"
    }
    translation_map_defaults = {
      seconds = "0"
    }
    success_template = "{\"seconds\": $${seconds}}"
  }
}

resource "genesyscloud_integration_action" "invoke_scoring_lambda" {
  name                   = "Invoke Scoring Lambda"
  category               = "Scoring"
  integration_id         = var.integration_id_aws_lambda_data_actions
  secure                 = false
  config_timeout_seconds = 2
  contract_input = jsonencode({
    "type" = "object"
    "properties" = {
      "customerId" = {
        "type" = "string"
      }
    }
  })
  contract_output = jsonencode({
    "type" = "object"
    "properties" = {
      "score" = {
        "type" = "number"
      }
    }
  })
  config_request {
    request_url_template = "arn:aws:lambda:eu-west-1:123456789012:function:score"
    request_type         = "POST"
    request_template     = "$${input.rawRequest}"
    headers              = {}
  }
  config_response {
    translation_map          = {}
    translation_map_defaults = {}
    success_template         = "$${rawResult}"
  }
}

resource "genesyscloud_integration_action" "ping_partner" {
  name                   = "Ping Partner"
  category               = "Health"
  integration_id         = var.integration_id
  secure                 = false
  config_timeout_seconds = 2
  contract_input = jsonencode({
    "type"       = "object"
    "properties" = {}
  })
  contract_output = jsonencode({
    "type" = "object"
    "properties" = {
      "up" = {
        "type" = "boolean"
      }
    }
  })
  config_request {
    request_url_template = "https://status.partner.example.com/v1/ping"
    request_type         = "GET"
    request_template     = "$${input.rawRequest}"
    headers              = {}
  }
  config_response {
    translation_map = {
      up = "$.up"
    }
    translation_map_defaults = {}
    success_template         = "{\"up\": $${up}}"
  }
}
